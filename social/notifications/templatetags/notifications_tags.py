from django import template
from django.template.loader import render_to_string

from ..services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_bell(context):
    # Without the request: the bell needs none of the context processors (on every page).
    return render_to_string(
        "notifications/bell.html", {"unread": unread_count(context["request"].user)}
    )
