"""`{% submission_field %}`: the hidden key that makes a form be sent once
(cms/core/submissions.py).

Give it the key the refused form carried (`{% submission_field submission %}`) so that the
corrected form is still the same submission; without one, a fresh key is drawn, as after each
success, so the next message is a new one."""

from django import template
from django.utils.html import format_html

from cms.core.submissions import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_field(key: str | None = None) -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key or new_key())
