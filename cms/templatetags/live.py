"""`{% live_attributes %}` on <body>: where the page's live stream is (none in `make run`: the
page polls) and how often to poll when there is no stream (static/js/live.js)."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from ..core.live import live_enabled

register = template.Library()


@register.simple_tag(takes_context=True)
def live_attributes(context) -> str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return format_html(
        ' data-live-url="{}" data-live-poll="{}"',
        settings.LIVE_STREAM_URL if live_enabled() else "",
        settings.LIVE_POLL_PAGE_SECONDS,
    )
