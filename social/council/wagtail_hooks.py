from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Commission, Mandate, Meeting


class MandateViewSet(SnippetViewSet):
    model = Mandate
    icon = "user"
    menu_label = _("Mandats")
    list_display = ["person", "label", "started_on", "ended_on"]
    list_filter = ["kind"]
    panels = [
        FieldPanel("person"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("delegation"),
        FieldPanel("services"),
        FieldPanel("started_on"),
        FieldPanel("ended_on"),
        FieldPanel("order"),
    ]


class CommissionViewSet(SnippetViewSet):
    model = Commission
    icon = "group"
    menu_label = _("Conseil et commissions")
    list_display = ["name", "kind", "publishes_to_agents"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("publishes_to_agents"),
        InlinePanel("members", label=_("Membres et référents")),
    ]


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Séances")
    list_display = ["commission", "starts_at", "published"]
    list_filter = ["commission", "published"]
    panels = [
        FieldPanel("commission"),
        FieldPanel("starts_at"),
        FieldPanel("place"),
        FieldPanel("agenda"),
        MultiFieldPanel([FieldPanel("convocation"), FieldPanel("minutes")], heading=_("Documents")),
        FieldPanel("published"),
        InlinePanel("deliberations", label=_("Délibérations")),
    ]


class CouncilViewSetGroup(SnippetViewSetGroup):
    items = (CommissionViewSet, MeetingViewSet, MandateViewSet)
    menu_icon = "group"
    menu_label = _("Élus et commissions")
    menu_order = 220


register_snippet(CouncilViewSetGroup)
