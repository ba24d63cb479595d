from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from ..selectors import polls_in_feed
from ..services import can_view_poll, poll_state

register = template.Library()


@register.simple_tag(takes_context=True)
def poll_card(context, poll, heading_level=2):
    """The poll for the reader: question, choices or results, vote button. Nothing when the
    poll is not for them (its audience), wherever an editor embedded it."""
    request = context["request"]
    if poll is None or not can_view_poll(request.user, poll):
        return ""
    # The context it needs, given directly: running every context processor again for each
    # poll of a page costs more than the poll.
    return render_to_string(
        "polls/poll_card.html",
        {
            "state": poll_state(poll=poll, user=request.user),
            "next": request.get_full_path(),
            "heading_level": heading_level,
            "csrf_token": context.get("csrf_token") or get_token(request),
            "request": request,
        },
    )


FEED_POLLS = 3


@register.simple_tag(takes_context=True)
def polls_for_feed(context):
    """The open polls shown on their own at the top of the news, for the reader."""
    return list(polls_in_feed(context["request"].user)[:FEED_POLLS])
