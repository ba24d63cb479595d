"""Read-side queries of the agenda: a period's occurrences for a reader (the month, the week,
the list), the next ones of a group or a service, « Mes événements » and the personal
subscription. Every one starts from permissions.visible_event_filter: nothing here decides
who sees what."""

from __future__ import annotations

import calendar as calendar_module
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from social.groups.permissions import member_group_ids

from . import ical
from .models import Event, EventCategory, Occurrence, Registration
from .permissions import visible_event_filter

if TYPE_CHECKING:
    from social.people.models import User

PER_DAY = 4  # events listed in a day of the month; the others behind « n autres »
LIST_SIZE = 30
SUBSCRIPTION_PAST = timedelta(days=180)


@dataclass
class Filters:
    category: str = ""
    group: int | None = None
    service: int | None = None
    mine: bool = False

    @classmethod
    def parse(cls, query: QueryDict) -> Filters:
        """Each filter read on its own and checked (never the query string into a filter)."""

        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            category=query.get("categorie", "")[:80],
            group=number("groupe"),
            service=number("service"),
            mine=query.get("mes") == "1",
        )

    def query_string(self) -> str:
        parts = []
        if self.category:
            parts.append(f"categorie={self.category}")
        if self.group:
            parts.append(f"groupe={self.group}")
        if self.service:
            parts.append(f"service={self.service}")
        if self.mine:
            parts.append("mes=1")
        return "&".join(parts)

    @property
    def active(self) -> bool:
        return bool(self.query_string())


def _mine_q(user: User, prefix: str = "event__") -> Q:
    registered = Registration.objects.filter(user=user).exclude(response="no").values("event_id")
    query = Q(**{f"{prefix}pk__in": registered}) | Q(**{f"{prefix}organisers": user})
    query |= Q(**{f"{prefix}created_by": user})
    groups = member_group_ids(user)
    if groups:
        query |= Q(**{f"{prefix}group_id__in": groups})
    return query


def occurrences_between(
    user: User, start: datetime, end: datetime, filters: Filters | None = None
) -> list[SimpleNamespace]:
    """The occurrences meeting [start, end) of the events `user` sees, with their events."""
    filters = filters or Filters()
    occurrences = Occurrence.objects.filter(
        visible_event_filter(user, prefix="event__"), starts_at__lt=end, ends_at__gt=start
    )
    if filters.category:
        occurrences = occurrences.filter(event__category__slug=filters.category)
    if filters.group:
        occurrences = occurrences.filter(event__group_id=filters.group)
    if filters.service:
        occurrences = occurrences.filter(event__service_id=filters.service)
    if filters.mine:
        occurrences = occurrences.filter(_mine_q(user)).distinct()
    return _light(occurrences.order_by("starts_at", "event_id"))


# What the agenda's views read of an occurrence and its event: rows, not model instances (a
# month holds hundreds of occurrences; building an Event for each costs more than the query).
LIGHT_FIELDS = (
    "event_id",
    "starts_at",
    "ends_at",
    "original_start",
    "event__title",
    "event__all_day",
    "event__cancelled_at",
    "event__place",
    "event__rrule",
    "event__group__name",
    "event__category__name",
    "event__room__name",
)


def _address(name: str, *args: int) -> str:
    """The URL of `name`, with 987654321 standing for its first argument (so a page of hundreds
    of links reverses each route once)."""
    return reverse(name, args=[987654321, *args])


def _light(occurrences) -> list[SimpleNamespace]:
    """Each occurrence as `occurrence.starts_at`, `occurrence.event.title`,
    `occurrence.event.category.name`… as the templates read a model, with its event's
    address as `occurrence.url`."""
    detail = _address("events:detail")
    found = []
    for row in occurrences.values_list(*LIGHT_FIELDS):
        (event_id, starts, ends, original, title, all_day, cancelled, place, rrule, group,
         category, room) = row  # fmt: skip
        event = SimpleNamespace(
            pk=event_id,
            title=title,
            all_day=all_day,
            cancelled_at=cancelled,
            place=place,
            rrule=rrule,
            group=SimpleNamespace(name=group) if group else None,
            category=SimpleNamespace(name=category) if category else None,
            room=SimpleNamespace(name=room) if room else None,
        )
        found.append(
            SimpleNamespace(
                event_id=event_id,
                url=detail.replace("987654321", str(event_id)),
                event=event,
                starts_at=starts,
                ends_at=ends,
                original_start=original,
            )
        )
    return found


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Paris midnight of `first` to Paris midnight after `last`."""
    return (
        datetime.combine(first, time.min, tzinfo=ical.PARIS),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=ical.PARIS),
    )


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    occurrences: list[SimpleNamespace] = field(default_factory=list)

    @property
    def week_url(self) -> str:
        return reverse("events:week", args=[self.day.year, self.day.month, self.day.day])

    @property
    def shown(self) -> list[SimpleNamespace]:
        return self.occurrences[:PER_DAY]

    @property
    def more(self) -> int:
        return max(len(self.occurrences) - PER_DAY, 0)


def _by_day(occurrences: list[SimpleNamespace], days: list[Day]) -> None:
    index = {entry.day: entry for entry in days}
    for occurrence in occurrences:
        first = ical.local(occurrence.starts_at).date()
        # An end at midnight belongs to the day before (all-day events end exclusive).
        last = ical.local(occurrence.ends_at - timedelta(microseconds=1)).date()
        current = first
        while current <= last:
            entry = index.get(current)
            if entry is not None:
                entry.occurrences.append(occurrence)
            current += timedelta(days=1)
            if current > days[-1].day:
                break


def month_grid(user: User, year: int, month: int, filters: Filters) -> list[list[Day]]:
    """The weeks (Monday first) of the month, each day with its occurrences."""
    today = timezone.localdate()
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = [
        Day(day=day, in_month=day.month == month, is_today=day == today)
        for week in weeks
        for day in week
    ]
    start, end = local_bounds(days[0].day, days[-1].day)
    _by_day(occurrences_between(user, start, end, filters), days)
    return [days[index : index + 7] for index in range(0, len(days), 7)]


def week_days(user: User, monday: date, filters: Filters) -> list[Day]:
    today = timezone.localdate()
    days = [
        Day(day=monday + timedelta(days=offset), in_month=True, is_today=False)
        for offset in range(7)
    ]
    for entry in days:
        entry.is_today = entry.day == today
    start, end = local_bounds(days[0].day, days[-1].day)
    _by_day(occurrences_between(user, start, end, filters), days)
    return days


def upcoming(
    user: User, filters: Filters, *, after: datetime | None = None, limit: int = LIST_SIZE
):
    """The occurrences not over yet (or, for the next page, starting after `after`), at most
    `limit`, and whether more follow."""
    occurrences = Occurrence.objects.filter(visible_event_filter(user, prefix="event__"))
    if after is not None:
        occurrences = occurrences.filter(starts_at__gt=after)
    else:
        occurrences = occurrences.filter(ends_at__gt=timezone.now())
    if filters.category:
        occurrences = occurrences.filter(event__category__slug=filters.category)
    if filters.group:
        occurrences = occurrences.filter(event__group_id=filters.group)
    if filters.service:
        occurrences = occurrences.filter(event__service_id=filters.service)
    if filters.mine:
        occurrences = occurrences.filter(_mine_q(user)).distinct()
    rows = _light(occurrences.order_by("starts_at", "event_id")[: limit + 1])
    return rows[:limit], len(rows) > limit


def next_occurrences(
    user: User, *, group_id: int | None = None, service_id: int | None = None, limit: int = 5
) -> list[SimpleNamespace]:
    """« Prochains événements »: of the reader's agenda, of a group, or of a service."""
    filters = Filters(group=group_id, service=service_id)
    occurrences = Occurrence.objects.filter(
        visible_event_filter(user, prefix="event__"),
        ends_at__gt=timezone.now(),
        event__cancelled_at__isnull=True,
    )
    if group_id:
        occurrences = occurrences.filter(event__group_id=filters.group)
    if service_id:
        occurrences = occurrences.filter(event__service_id=filters.service)
    return _light(occurrences.order_by("starts_at", "event_id")[:limit])


def my_events(user: User) -> dict[str, list]:
    """« Mes événements »: my answers, what I organise, my groups' next events."""
    now = timezone.now()
    still_to_come = Q(event__rrule="", event__ends_at__gt=now) | (
        ~Q(event__rrule="") & Q(event__occurrences__ends_at__gt=now)
    )
    registrations = list(
        Registration.objects.filter(visible_event_filter(user, prefix="event__"), user=user)
        .filter(still_to_come)
        .exclude(response=Registration.Response.NO)
        .select_related("event", "event__category")
        .distinct()
        .order_by("event__starts_at")
    )
    visible = visible_event_filter(user)
    organised = list(
        Event.objects.filter(visible)
        .filter(Q(organisers=user) | Q(created_by=user))
        .filter(Q(ends_at__gt=now) | ~Q(rrule=""))
        .select_related("category")
        .distinct()
        .order_by("starts_at")[:100]
    )
    groups = member_group_ids(user)
    group_occurrences = []
    if groups:
        group_occurrences = _light(
            Occurrence.objects.filter(
                visible_event_filter(user, prefix="event__"),
                event__group_id__in=groups,
                ends_at__gt=now,
            ).order_by("starts_at", "event_id")[:30]
        )
    return {
        "registrations": registrations,
        "organised": organised,
        "group_occurrences": group_occurrences,
    }


def subscription_rows(user: User) -> list[tuple[int, int, str]]:
    """What a person's calendar subscription carries, as (pk, sequence, version): the
    events they answered yes or maybe to, organise, or that are their groups', from six months
    back (the client expands recurrences itself)."""
    since = timezone.now() - SUBSCRIPTION_PAST
    answered = Registration.objects.filter(user=user).exclude(response="no").values("event_id")
    mine = Q(pk__in=answered) | Q(organisers=user) | Q(created_by=user)
    groups = member_group_ids(user)
    if groups:
        mine |= Q(group_id__in=groups)
    ids = (
        Event.objects.filter(visible_event_filter(user))
        .filter(mine)
        .filter(Q(ends_at__gte=since) | ~Q(rrule=""))
        .values("pk")
    )
    # The time of the last change as the database writes it: a version, never parsed (a
    # thousand dates to read cost more than the query).
    return list(
        Event.objects.filter(pk__in=ids)
        .annotate(version=Cast("updated_at", output_field=CharField()))
        .order_by("starts_at", "pk")
        .values_list("pk", "sequence", "version")
    )


def categories() -> list[EventCategory]:
    return list(EventCategory.objects.all())


def by_day(occurrences: list) -> list[tuple[date, list[SimpleNamespace]]]:
    """Occurrences grouped under their (Paris) day, for the list view."""
    grouped: dict[date, list[SimpleNamespace]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[ical.local(occurrence.starts_at).date()].append(occurrence)
    return list(grouped.items())


def my_occurrences_between(user: User, start: datetime, end: datetime, *, limit: int):
    """The occurrences starting in [start, end) of the events that are `user`'s (answered,
    organised, their groups'), not cancelled: the digest's « Vos prochains événements »."""
    occurrences = Occurrence.objects.filter(
        visible_event_filter(user, prefix="event__"),
        _mine_q(user),
        starts_at__gte=start,
        starts_at__lt=end,
        event__cancelled_at__isnull=True,
    ).distinct()
    return _light(occurrences.order_by("starts_at", "event_id")[:limit])
