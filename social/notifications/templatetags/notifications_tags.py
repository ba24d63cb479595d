from django import template
from django.template.loader import render_to_string

from ..services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_bell(context):
    request = context["request"]
    return render_to_string(
        "notifications/bell.html", {"unread": unread_count(request.user)}, request=request
    )
