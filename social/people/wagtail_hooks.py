from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cms.core.deletion import deletion_refused

from .admin_views import (
    PeopleImportJobView,
    PeopleImportView,
    ServiceMoveView,
    ServiceTreeView,
    can_import_people,
)
from .models import Service, Site
from .permissions import can_move_services


class ServiceIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_move_services(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Arbre des services"), url=reverse("parvis_service_tree"), icon_name="list-ul"
                )
            )
        return buttons


class ServiceViewSet(SnippetViewSet):
    model = Service
    index_view_class = ServiceIndexView
    icon = "group"
    menu_label = _("Services")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "acronym", "parent", "head"]
    list_filter = ["parent"]
    search_fields = ["name", "acronym"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("acronym"),
        FieldPanel("parent"),
        FieldPanel("head"),
        FieldPanel("deputy"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]


register_snippet(ServiceViewSet)


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "site"
    menu_label = _("Sites")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "address"]
    search_fields = ["name", "address"]
    panels = [FieldPanel("name"), FieldPanel("address")]


register_snippet(SiteViewSet)


@hooks.register("before_delete_snippet")
def refuse_blocked_deletions(request, instances):
    """A theme with its page, a service with its page or its sub-services: the editor is told
    what to delete or change first, for one snippet or a bulk deletion (cms/core/deletion.py)."""
    if instances and deletion_refused(request, instances):
        viewset = type(instances[0]).snippet_viewset
        return redirect(reverse(viewset.get_url_name("list")))
    return None


@hooks.register("register_admin_urls")
def register_people_import_url():
    return [
        path("personnes/import/", PeopleImportView.as_view(), name="parvis_people_import"),
        path(
            "personnes/import/<uuid:token>/",
            PeopleImportJobView.as_view(),
            name="parvis_people_import_job",
        ),
        path("services/arbre/", ServiceTreeView.as_view(), name="parvis_service_tree"),
        path("services/<int:pk>/deplacer/", ServiceMoveView.as_view(), name="parvis_service_move"),
    ]


class AllowedMenuItem(MenuItem):
    """A menu entry shown to those `allowed(user)` lets in (the page's own rule)."""

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request):
        return self.allowed(request.user)


@hooks.register("register_settings_menu_item")
def register_people_import_menu_item():
    return AllowedMenuItem(
        _("Importer des personnes"),
        reverse("parvis_people_import"),
        name="people-import",
        icon_name="group",
        order=610,
        allowed=can_import_people,
    )


@hooks.register("register_admin_menu_item")
def register_service_tree_menu_item():
    return AllowedMenuItem(
        _("Arbre des services"),
        reverse("parvis_service_tree"),
        name="service-tree",
        icon_name="list-ul",
        order=201,
        allowed=can_move_services,
    )
