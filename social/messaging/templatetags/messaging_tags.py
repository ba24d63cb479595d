from django import template
from django.template.loader import render_to_string

from .. import visio
from ..selectors import unread_total

register = template.Library()


@register.simple_tag(takes_context=True)
def messages_badge(context):
    """The header's link to the messages, with the unread count computed by the server."""
    return render_to_string(
        "messaging/badge.html", {"unread": unread_total(context["request"].user)}
    )


@register.simple_tag
def visio_enabled() -> bool:
    """Is a visio service configured (otherwise no « Démarrer une visio » anywhere)?"""
    return visio.enabled()
