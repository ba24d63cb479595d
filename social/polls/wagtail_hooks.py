"""Polls are snippets: communication officers create them in the admin, then embed them."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Poll


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Sondages")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["question", "audience", "closes_at", "created_at"]
    list_filter = ["audience", "multiple", "anonymous"]
    search_fields = ["question"]


register_snippet(PollViewSet)


@hooks.register("after_create_snippet")
def set_poll_owner(request, instance):
    """The person who creates a poll owns it (and may export its results)."""
    if isinstance(instance, Poll) and instance.owner_id is None:
        instance.owner = request.user
        instance.save(update_fields=["owner"])
