"""The agenda's reference lists in the admin: categories and rooms (snippets, as the council's
commissions); events themselves are made and changed from the agenda, by their organisers."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import EventCategory, Room


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "tag"
    menu_label = _("Catégories")
    list_display = ["name", "slug", "position"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("position")]


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "home"
    menu_label = _("Salles")
    list_display = ["name", "location", "capacity", "accessible"]
    search_fields = ["name", "location"]
    panels = [
        FieldPanel("name"),
        FieldPanel("location"),
        FieldPanel("capacity"),
        FieldPanel("accessible"),
    ]


class AgendaViewSetGroup(SnippetViewSetGroup):
    items = (EventCategoryViewSet, RoomViewSet)
    menu_icon = "date"
    menu_label = _("Agenda")
    menu_name = "agenda"


register_snippet(AgendaViewSetGroup)
