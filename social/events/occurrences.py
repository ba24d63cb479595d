"""The occurrences of events, expanded by recurring-ical-events from the event's own iCalendar
(ical.py) and kept as `Occurrence` rows: the month, the week, « Mes événements » and the
reminders read them with one indexed query.

An event without an end (a weekly pause café « until further notice ») is expanded up to
`HORIZON` ahead; the nightly beat task (`occurrences_extend`) moves the horizon on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

import recurring_ical_events

from . import ical
from .caching import events_changed
from .models import Event, Occurrence

HORIZON = timedelta(days=550)
# Occurrences already past are kept (the agenda shows the past months) this far back.
PAST = timedelta(days=400)
MAX_OCCURRENCES = 1000


def _aware(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=ical.PARIS)
    return datetime.combine(value, time.min, tzinfo=ical.PARIS)


def expand(
    event: Event, start: datetime, end: datetime
) -> list[tuple[datetime, datetime, datetime]]:
    """(start, end, original start) of each occurrence of `event` meeting [start, end)."""
    cal = ical.calendar([event])
    found = []
    for component in recurring_ical_events.of(cal).between(start, end)[:MAX_OCCURRENCES]:
        begins = _aware(component["DTSTART"].dt)
        ends = _aware(component["DTEND"].dt) if "DTEND" in component else begins
        original = component.get("RECURRENCE-ID")
        found.append((begins, ends, _aware(original.dt) if original is not None else begins))
    return found


@transaction.atomic
def occurrences_rebuild(event: Event, *, now: datetime | None = None) -> int:
    """The event's occurrences again, from its rule and exceptions; returns how many."""
    now = now or timezone.now()
    if event.rrule:
        rows = expand(event, min(event.starts_at, now - PAST), now + HORIZON)
    else:
        rows = [(event.starts_at, event.ends_at, event.starts_at)]
    Occurrence.objects.filter(event=event).delete()
    Occurrence.objects.bulk_create(
        Occurrence(event=event, starts_at=begins, ends_at=ends, original_start=original)
        for begins, ends, original in rows
    )
    events_changed()
    return len(rows)


def occurrences_extend(*, now: datetime | None = None) -> int:
    """Expand again every recurring event still running (the nightly task)."""
    now = now or timezone.now()
    events = (
        Event.objects.exclude(rrule="")
        .prefetch_related("changes")
        .select_related("room", "category")
    )
    count = 0
    for event in events.iterator(chunk_size=200):
        last = event.occurrences.order_by("-starts_at").values_list("starts_at", flat=True).first()
        if last is not None and last < now - PAST:
            continue  # a series that ended long ago
        occurrences_rebuild(event, now=now)
        count += 1
    return count


def occurrence_at(event: Event, original_start: datetime) -> Occurrence | None:
    return event.occurrences.filter(original_start=original_start).first()
