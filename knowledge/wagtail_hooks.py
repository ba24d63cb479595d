from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView

from social.people.scope import page_is_visible

from .admin_views import SearchTermsReportView, can_read_search_report, promote_for_term
from .library.selectors import documents_visible_to
from .library.views import document_file_response
from .models import ArticleFeedback, ArticlePage, Synonym, Theme


class ThemeDeleteView(SnippetDeleteView):
    """Before a theme is deleted, the editor sees what carries it and will lose it."""

    def get_context_data(self, **kwargs):
        """Whatever points to themes (articles, news, documents, groups… whichever app they
        belong to) is found through the theme's relations; its own page is not a carrier."""
        context = super().get_context_data(**kwargs)
        carried = []
        for relation in Theme._meta.related_objects:
            if relation.one_to_one:
                continue  # the theme's page, deleted with it
            model = relation.related_model
            count = model._default_manager.filter(**{relation.field.name: self.object}).count()
            if count:
                meta = model._meta
                name = meta.verbose_name if count == 1 else meta.verbose_name_plural
                carried.append((str(meta.verbose_name).lower(), f"{count} {str(name).lower()}"))
        carried = [text for _name, text in sorted(carried)]
        context["carriers"] = get_text_list(carried, gettext("et")) if carried else ""
        return context


class ThemeViewSet(SnippetViewSet):
    model = Theme
    delete_view_class = ThemeDeleteView
    delete_template_name = "knowledge/admin/theme_confirm_delete.html"
    icon = "tag"
    menu_label = _("Thèmes")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)


class SynonymCreateView(CreateView):
    """Opened from the search report with the term that found nothing already written."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or Synonym()
        instance.term = " ".join(self.request.GET.get("term", "").split())[:100]
        return instance


class SynonymViewSet(SnippetViewSet):
    """Recherche › Synonymes: what else a search looks for (communication officers)."""

    model = Synonym
    add_view_class = SynonymCreateView
    icon = "search"
    menu_label = _("Synonymes")
    list_display = ["term", "equivalents", "two_way", "updated_at"]
    list_filter = ["two_way"]
    search_fields = ["term", "equivalents"]
    search_backend_name = None  # a plain filter on the table: synonyms are not indexed


class SearchViewSetGroup(SnippetViewSetGroup):
    items = (SynonymViewSet,)
    menu_label = _("Recherche")
    menu_icon = "search"
    menu_order = 220


register_snippet(SearchViewSetGroup)


@hooks.register("before_serve_page")
def hide_restricted_pages(page, request, serve_args, serve_kwargs):
    """A restricted section does not exist for those outside its groups: 404, not a login
    form (Wagtail's default), so its title and address reveal nothing."""
    if not getattr(request, "is_preview", False) and not page_is_visible(request.user, page):
        raise Http404


def feedback_editable_by(user):
    """Feedback on the articles `user` may edit."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ArticleFeedback.objects.filter(article_id__in=editable.values("pk")).select_related(
        "article", "user"
    )


class FeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return feedback_editable_by(self.request.user)


class FeedbackInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(feedback_editable_by(self.request.user), pk=self.pk)


class ArticleFeedbackViewSet(ModelViewSet):
    """Readers' answers, shown to the editors of the articles they concern."""

    model = ArticleFeedback
    icon = "comment"
    menu_label = _("Avis des lecteurs")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["article", "useful", "comment", "updated_at"]
    list_filter = ["useful"]
    form_fields = ["useful", "comment"]
    inspect_view_enabled = True
    create_view_enabled = False
    copy_view_enabled = False
    index_view_class = FeedbackIndexView
    inspect_view_class = FeedbackInspectView


feedback_viewset = ArticleFeedbackViewSet("article_feedback")


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return feedback_viewset


class ArticlesToReviewPanel(Component):
    """On the admin's home: the articles past their review date that this editor may edit."""

    name = "articles_to_review"
    order = 120
    template_name = "knowledge/admin/articles_to_review_panel.html"

    def get_context_data(self, parent_context):

        request = parent_context["request"]
        editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
        articles = (
            ArticlePage.objects.filter(review_due=True, pk__in=editable.values("pk"))
            .select_related("service")
            .defer_streamfields()
            .order_by("last_reviewed_on")
        )
        return {"articles": articles[:50], "count": articles.count(), "request": request}


@hooks.register("construct_homepage_panels")
def add_articles_to_review_panel(request, panels):
    panels.append(ArticlesToReviewPanel())


@hooks.register("before_serve_document", order=-100)
def serve_document_with_library_rules(document, request):
    """Wagtail's /documents/<id>/<name> links (rich text) follow the library's rules: the
    folder's visibility first, then the same response as the library's download."""

    return document_file_response(request, document)


@hooks.register("construct_document_chooser_queryset")
def only_visible_documents_in_chooser(documents, request):

    return documents.filter(pk__in=documents_visible_to(request.user).values("pk"))


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [
        path(
            "rapports/recherches/",
            SearchTermsReportView.as_view(),
            name="parvis_search_terms",
        ),
        path(
            "rapports/recherches/mettre-en-avant/", promote_for_term, name="parvis_search_promote"
        ),
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_search_report(request.user)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Recherches des agents"),
        reverse("parvis_search_terms"),
        name="search-terms",
        icon_name="search",
        order=900,
    )
