from django import template
from django.template.loader import render_to_string

from ..selectors import group_activity as latest_group_posts

register = template.Library()


@register.simple_tag(takes_context=True)
def group_activity(context):
    """« Activité de mes groupes »: the latest posts of the reader's groups."""
    request = context["request"]
    posts = latest_group_posts(user=request.user)
    return render_to_string("groups/activity.html", {"posts": posts})  # no context processors
