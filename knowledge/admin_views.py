"""The editors' search report in Wagtail's admin: what people search for, and what they search
for in vain (content to write, synonyms to add as editors' picks), over the last 30 days."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.contrib.search_promotions.models import Query

from cms.admin_views import ParvisAdminView

from .search.analytics import REPORT_DAYS, search_terms_report

REPORT_PERMISSION = "wagtailsearchpromotions.add_searchpromotion"
SYNONYM_ADD_URL = "wagtailsnippets_knowledge_synonym:add"


def can_read_search_report(user) -> bool:
    return user.is_active and user.has_perm(REPORT_PERMISSION)


class SearchTermsReportView(ParvisAdminView):
    template_name = "knowledge/admin/search_terms.html"
    page_title = _("Recherches des agents")
    header_icon = "search"
    allowed = staticmethod(can_read_search_report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(search_terms_report())
        context["days"] = REPORT_DAYS
        context["search_url"] = reverse("knowledge:search")
        context["promotions_url"] = reverse("wagtailsearchpromotions:add")
        context["synonym_add_url"] = reverse(SYNONYM_ADD_URL)
        context["can_add_synonym"] = self.request.user.has_perm("knowledge.add_synonym")
        return context


@require_POST
def promote_for_term(request):
    """« Mettre en avant une page » from the report: the query is created if need be, and the
    editor lands on its recommendations, ready to pick pages."""
    if not can_read_search_report(request.user):
        raise PermissionDenied
    term = request.POST.get("term", "").strip()[:255]
    if not term:
        messages.error(request, gettext_now("Aucune recherche indiquée."))
        return redirect("parvis_search_terms")
    query = Query.get(term)
    return redirect("wagtailsearchpromotions:edit", query.pk)
