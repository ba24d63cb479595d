"""Events as iCalendar (RFC 5545), with the maintained `icalendar` library: the `.ics` of one
event, a person's subscription, the invitations sent by e-mail (METHOD:REQUEST / CANCEL) and the
calendar the occurrences are expanded from (occurrences.py, by recurring-ical-events).

Every export of an event carries the same UID and its SEQUENCE, times in Europe/Paris with the
VTIMEZONE embedded (`add_missing_timezones`), all-day events as dates, a recurrence as its RRULE
with EXDATEs for cancelled occurrences and one VEVENT with a RECURRENCE-ID per moved one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

import icalendar

from .models import Event, OccurrenceChange

PRODID = "-//Parvis//Agenda de l'intranet//FR"
PARIS = ZoneInfo("Europe/Paris")
CONTENT_TYPE = "text/calendar; charset=utf-8"


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, PARIS)


def _when(event: icalendar.Event, name: str, moment: datetime, *, all_day: bool) -> None:
    event.add(name, local(moment).date() if all_day else local(moment))


def _changes_of(event: Event) -> list[OccurrenceChange]:
    cached = getattr(event, "_prefetched_objects_cache", {}).get("changes")
    return list(cached) if cached is not None else list(event.changes.all())


def vevents(
    event: Event, *, site_url: str = "", status: str = "", attendee: str = ""
) -> list[icalendar.Event]:
    """The VEVENTs of `event`: the master, and one per moved occurrence. With an `attendee`
    (an invitation sent by e-mail), the ORGANIZER and that ATTENDEE, as clients expect."""
    master = icalendar.Event()
    master.add("uid", event.ical_uid)
    master.add("sequence", event.sequence)
    master.add("dtstamp", event.updated_at or timezone.now())
    master.add("summary", event.title)
    _when(master, "dtstart", event.starts_at, all_day=event.all_day)
    _when(master, "dtend", event.ends_at, all_day=event.all_day)
    description = event.description
    link = site_url + event.get_absolute_url() if site_url else ""
    if link:
        master.add("url", link)
        description = f"{description}\n\n{link}".strip()
    if description:
        master.add("description", description)
    location = ", ".join(
        part for part in (str(event.room.name) if event.room else "", event.place) if part
    )
    if location:
        master.add("location", location)
    if event.category_id and event.category is not None:
        master.add("categories", [event.category.name])
    master.add("status", status or ("CANCELLED" if event.is_cancelled else "CONFIRMED"))
    if attendee:
        organiser = event.created_by
        if organiser is not None and organiser.email:
            master.add(
                "organizer",
                f"mailto:{organiser.email}",
                parameters={"CN": organiser.get_full_name()},
            )
        master.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT"})
    changes = _changes_of(event) if event.rrule else []
    if event.rrule:
        master.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        cancelled = [change.original_start for change in changes if change.cancelled]
        if cancelled:
            master.add(
                "exdate",
                [local(moment).date() if event.all_day else local(moment) for moment in cancelled],
            )
    components = [master]
    for change in changes:
        if change.cancelled:
            continue
        moved = icalendar.Event()
        moved.add("uid", event.ical_uid)
        moved.add("sequence", event.sequence)
        moved.add("dtstamp", event.updated_at or timezone.now())
        moved.add("summary", event.title)
        _when(moved, "recurrence-id", change.original_start, all_day=event.all_day)
        _when(moved, "dtstart", change.starts_at, all_day=event.all_day)
        _when(moved, "dtend", change.ends_at, all_day=event.all_day)
        if location:
            moved.add("location", location)
        moved.add("status", master["status"])
        components.append(moved)
    return components


def calendar(
    events: Iterable[Event],
    *,
    name: str = "",
    method: str = "",
    site_url: str = "",
    attendee: str = "",
) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        # Clients that honour it poll the subscription every hour.
        cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    status = "CANCELLED" if method == "CANCEL" else ""
    for event in events:
        for component in vevents(event, site_url=site_url, status=status, attendee=attendee):
            cal.add_component(component)
    cal.add_missing_timezones()
    return cal


def to_bytes(cal: icalendar.Calendar) -> bytes:
    return cal.to_ical()


# --- The personal subscription: thousands of events, assembled from cached pieces ----------

FEED_TIMEOUT = 24 * 3600
_paris_timezone: list[bytes] = []


def _timezone_block() -> bytes:
    """Europe/Paris as a VTIMEZONE, made once per process."""
    if not _paris_timezone:
        cal = icalendar.Calendar()
        probe = icalendar.Event()
        probe.add("dtstart", datetime(2026, 1, 1, tzinfo=PARIS))
        cal.add_component(probe)
        cal.add_missing_timezones()
        _paris_timezone.append(b"".join(tz.to_ical() for tz in cal.walk("VTIMEZONE")))
    return _paris_timezone[0]


def _piece_key(pk: int, sequence: int, version: str, site: str) -> str:
    return f"ics:{pk}:{sequence}:{hashlib.sha256(f'{version}|{site}'.encode()).hexdigest()[:16]}"


def feed_bytes(
    rows: list[tuple[int, int, str]], *, name: str, site_url: str, digest: str = ""
) -> bytes:
    """A calendar of the events `rows` names (pk, sequence, updated_at): each event's VEVENTs
    are the same for every subscriber, so they are made once per version of the event and
    kept in the fragment cache; a subscription reads them in one round trip and makes only
    those of events changed since."""
    store = caches["fragments"]
    whole = digest or feed_digest(rows, name=name, site_url=site_url)
    cached = store.get(f"ics-feed:{whole}")
    if cached is not None:  # the same events in the same versions: the same calendar
        return cached
    keys = {pk: _piece_key(pk, sequence, updated, site_url) for pk, sequence, updated in rows}
    found = store.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        events = (
            Event.objects.filter(pk__in=missing)
            .select_related("room", "category")
            .prefetch_related("changes")
        )
        made = {}
        for event in events:
            text = b"".join(part.to_ical() for part in vevents(event, site_url=site_url))
            made[keys[event.pk]] = text
        store.set_many(made, FEED_TIMEOUT)
        found.update(made)
    head = calendar([], name=name).to_ical().replace(b"END:VCALENDAR\r\n", b"")
    body = b"".join(found.get(keys[pk], b"") for pk, _sequence, _updated in rows)
    feed = head + _timezone_block() + body + b"END:VCALENDAR\r\n"
    store.set(f"ics-feed:{whole}", feed, FEED_TIMEOUT)
    return feed


def feed_digest(rows: list[tuple[int, int, str]], *, name: str, site_url: str) -> str:
    """A name for a calendar of these events in these versions (its cache key and ETag)."""
    text = ";".join(f"{pk}:{sequence}:{version}" for pk, sequence, version in rows)
    return hashlib.sha256(f"{name}|{site_url}|{text}".encode()).hexdigest()[:40]
