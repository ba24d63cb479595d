"""The editors' search report in Wagtail's admin: what people search for, and what they search
for in vain (content to write, synonyms to add as editors' picks), over the last 30 days."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.admin_views import ParvisAdminView

from .search.analytics import REPORT_DAYS, search_terms_report

REPORT_PERMISSION = "wagtailsearchpromotions.add_searchpromotion"


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
        return context
