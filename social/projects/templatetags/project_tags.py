"""The homepage block « Mes tâches du jour »: the reader's overdue tasks and today's."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_tasks_today(context, limit: int = 8):
    request = context["request"]
    if not request.user.is_authenticated:
        return ""
    today = timezone.localdate()
    return render_to_string(
        "projects/_today.html",
        {"tasks": selectors.my_urgent_tasks(request.user, today, limit=limit), "today": today},
    )
