from django import template
from django.template.loader import render_to_string

from ..selectors import reaction_summaries

register = template.Library()


@register.simple_tag(takes_context=True)
def reactions(context, target):
    """The reaction buttons of `target` for the reader."""
    request = context["request"]
    summary = reaction_summaries(user=request.user, model=type(target), ids=[target.pk])
    return render_to_string(
        "reactions/bar.html",
        {"kind": target.discussion_kind, "pk": target.pk, "summary": summary[target.pk]},
        request=request,
    )
