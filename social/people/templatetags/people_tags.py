"""A person wherever they appear: their name linked to their profile (with the hover and focus
card, static/js/person-card.js), and their photo or initials."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def person_link(person, text: str = ""):
    """The name of `person`, linked to their profile; for someone who left (deactivated, or
    whose account was deleted) « ancien agent », or their name without a link when the
    collectivité chose to keep departed authors' names (DEPARTED_AUTHOR_NAMES) — never for an
    anonymised person."""
    if person is None or not person.is_active or not person.slug:
        if (
            person is not None
            and settings.DEPARTED_AUTHOR_NAMES
            and getattr(person, "anonymised_at", None) is None
            and person.get_full_name()
        ):
            return format_html(
                '<span class="person-former">{} ({})</span>',
                person.get_full_name(),
                _("parti(e)"),
            )
        return format_html('<span class="person-former">{}</span>', _("ancien agent"))
    return format_html(
        '<a class="person-link" href="{}" data-card-url="{}">{}</a>',
        reverse("people:person", args=[person.slug]),
        reverse("people:person_card", args=[person.slug]),
        text or person.get_full_name() or person.email or person.slug,
    )


@register.simple_tag
def person_avatar(person, size: int = 40, css_class: str = "avatar"):
    """The photo of `person` (or their initials): decorative, the name is always beside it."""
    if person is None or not person.slug:
        return ""
    return format_html(
        '<img class="{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        css_class,
        reverse("people:person_photo", args=[person.slug]),
        size,
        size,
    )
