from django import template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..selectors import content_cache_key
from ..selectors import group_activity as latest_group_posts

register = template.Library()
CONTENT_TIMEOUT = 600


@register.simple_tag(takes_context=True)
def group_activity(context):
    """« Activité de mes groupes »: the latest posts of the reader's groups."""
    request = context["request"]
    posts = latest_group_posts(user=request.user)
    return render_to_string("groups/activity.html", {"posts": posts})  # no context processors


@register.simple_tag
def post_content(post):
    """A post's text, images and documents: the same for every reader of its group (who has
    been checked before), so rendered once per version of the post and language, then taken
    from the fragment cache (prepared by selectors._with_details, which skips the queries of
    the posts found there)."""
    html = getattr(post, "content_html", None)
    if html is None:
        html = render_to_string("groups/_post_content.html", {"post": post})
        caches["fragments"].set(content_cache_key(post), str(html), CONTENT_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our template's output, escaped there)
