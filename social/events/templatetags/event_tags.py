"""The agenda in templates: « Prochains événements » for the homepage, a group or a service
(`{% upcoming_events %}`, `{% upcoming_events group=group %}`, `{% upcoming_events service=s %}`)
and dates written the French way (`{{ occurrence|event_when }}`, `{{ day|weekday_date }}`)."""

from datetime import date, datetime, timedelta

from django import template
from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext

from cms.templatetags.french_dates import MONTHS, long_date

from .. import ical, selectors
from ..permissions import can_create_event

register = template.Library()

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SHORT_WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


@register.simple_tag(takes_context=True)
def upcoming_events(context, group=None, service=None, limit: int = 5):
    request = context["request"]
    occurrences = selectors.next_occurrences(
        request.user,
        group_id=group.pk if group is not None else None,
        service_id=service.pk if service is not None else None,
        limit=limit,
    )
    return render_to_string(
        "events/_upcoming.html",
        {
            "occurrences": occurrences,
            "group": group,
            "service": service,
            "can_create": group is not None and can_create_event(request.user, group),
        },
    )


@register.filter
def weekday_date(value: date) -> str:
    """« mardi 8 décembre 2026 »."""
    if isinstance(value, datetime):
        value = ical.local(value).date()
    if not _french():
        return date_format(value, "l j F Y")
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


@register.filter
def month_title(value: date) -> str:
    """« décembre 2026 »."""
    if not _french():
        return date_format(value, "F Y")
    return f"{MONTHS[value.month - 1]} {value.year}"


@register.filter
def short_weekday(value: date) -> str:
    return SHORT_WEEKDAYS[value.weekday()] if _french() else date_format(value, "D")


@register.filter
def hour(value: datetime) -> str:
    """« 10:30 » in Paris time."""
    return ical.local(value).strftime("%H:%M")


@register.filter
def event_when(occurrence) -> str:
    """When an occurrence (or an event) takes place, in words: « mardi 8 décembre 2026,
    10:00 – 11:30 », « du 3 au 5 juin 2027 (toute la journée) »."""
    event = getattr(occurrence, "event", occurrence)
    starts, ends = ical.local(occurrence.starts_at), ical.local(occurrence.ends_at)
    if event.all_day:
        last = (ends - timedelta(days=1)).date()
        if last <= starts.date():
            return gettext("%(day)s (toute la journée)") % {"day": weekday_date(starts.date())}
        return gettext("du %(first)s au %(last)s") % {
            "first": weekday_date(starts.date()),
            "last": weekday_date(last),
        }
    if starts.date() == ends.date():
        return gettext("%(day)s, %(start)s – %(end)s") % {
            "day": weekday_date(starts.date()),
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
        }
    return gettext("du %(first)s, %(start)s au %(last)s, %(end)s") % {
        "first": weekday_date(starts.date()),
        "start": starts.strftime("%H:%M"),
        "last": weekday_date(ends.date()),
        "end": ends.strftime("%H:%M"),
    }


@register.filter
def iso(value) -> str:
    """The `datetime` attribute of a <time>, in Paris time."""
    if isinstance(value, datetime):
        return ical.local(value).isoformat()
    return value.isoformat()
