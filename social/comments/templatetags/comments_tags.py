from django import template
from django.template.loader import render_to_string

from ..models import CommentReport
from ..selectors import discussion_for

register = template.Library()


@register.simple_tag
def comment_report_reasons():
    return CommentReport.Reason.choices


@register.simple_tag(takes_context=True)
def discussion(context, target):
    """The comments under `target` for the reader (nothing when comments are disabled)."""
    request = context["request"]
    page_number = request.GET.get("commentaires", "1")
    found = discussion_for(user=request.user, target=target, page_number=page_number)
    return render_to_string(
        "comments/discussion.html#discussion", {"discussion": found}, request=request
    )
