from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Service


class ServiceViewSet(SnippetViewSet):
    model = Service
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
        FieldPanel("email"),
        FieldPanel("phone"),
    ]


register_snippet(ServiceViewSet)
