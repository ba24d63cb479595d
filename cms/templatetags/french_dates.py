"""Dates written as French typography wants them: « 1er décembre 2026 », « 4 déc. 2026 »
(months in lower case, the usual abbreviations with their full stop, the ordinal for the first
day). In another language, Django's own formats.

    {% load french_dates %}
    {{ news.date|long_date }}  {{ document.file_updated_at|short_date }}  {{ d|natural_date }}
"""

from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext

register = template.Library()

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
SHORT_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def _local(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value if isinstance(value, date) else None


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


def _day(value: date) -> str:
    return "1er" if value.day == 1 else str(value.day)


def _written(value, months: tuple[str, ...], english_format: str) -> str:
    value = _local(value)
    if value is None:
        return ""
    if not _french():
        return date_format(value, english_format)
    return f"{_day(value)} {months[value.month - 1]} {value.year}"


@register.filter
def long_date(value) -> str:
    """« 1er décembre 2026 » (« 1 December 2026 » in English)."""
    return _written(value, MONTHS, "j F Y")


@register.filter
def short_date(value) -> str:
    """« 4 déc. 2026 » (« 4 Dec 2026 » in English)."""
    return _written(value, SHORT_MONTHS, "j M Y")


@register.filter
def long_datetime(value) -> str:
    """« 1er décembre 2026, 14:05 »."""
    local = _local(value)
    if local is None:
        return ""
    return f"{long_date(local)}, {date_format(local, 'H:i')}"


@register.filter
def natural_date(value) -> str:
    """« aujourd'hui », « hier », « demain », or the long date."""
    value = _local(value)
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    today = timezone.localdate()
    names = {
        today: gettext("aujourd'hui"),
        today - timedelta(days=1): gettext("hier"),
        today + timedelta(days=1): gettext("demain"),
    }
    return names.get(day) or long_date(value)
