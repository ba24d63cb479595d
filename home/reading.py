"""Mandatory readings (« lecture obligatoire ») of news items: who is asked, who confirmed, the
read rate by service, and the reminder.

The people asked are the item's audience as it was last published (kept on the
`ReadRequirement`, so the record outlives the item): active agents, élus, or the people of
some services and their sub-services (`audience_targets_q`). Communication officers see every
record with every name; the head or deputy of a service sees the rates and names of their
services (sub-services included); whoever may edit the item sees its rates and may remind,
without names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import generations
from cms.core.text import spreadsheet_safe
from social.notifications.models import Notification
from social.notifications.services import notify
from social.people.audience import (
    audience_targets_q,
    can_view_all_audiences,
    is_audience_target,
    per_user_cached,
    services_reached,
)
from social.people.models import Service, User
from social.people.scope import denied_paths

from .models import NewsPage, ReadConfirmation, ReadRequirement

REMIND_EVERY = timedelta(days=1)
OPEN_READINGS_TIMEOUT = 600
REPORT_TIMEOUT = 600
NAMES_PER_PAGE = 50


# --- Keeping the record in step with the item ---------------------------------------------


def requirement_sync(news: NewsPage) -> ReadRequirement | None:
    """On publishing: the item's mandatory reading, with its audience of now (created, updated,
    or closed when the box was unticked)."""
    existing = ReadRequirement.objects.filter(news=news).first()
    if not news.read_required:
        if existing is not None and existing.active:
            existing.active = False
            existing.save(update_fields=["active"])
        return existing
    values = {
        "title": news.title,
        "audience": news.audience,
        "audience_service_ids": sorted(service.pk for service in news.audience_services.all()),
        "deadline": news.read_deadline,
        "active": True,
    }
    requirement, _created = ReadRequirement.objects.update_or_create(news=news, defaults=values)
    return requirement


# --- The reader's side -----------------------------------------------------------------------


def targets(requirement: ReadRequirement) -> QuerySet[User]:
    """The people the reading asks (active ones)."""
    return User.objects.filter(
        audience_targets_q(requirement.audience, requirement.audience_service_ids)
    )


def is_asked(user: User, requirement: ReadRequirement) -> bool:
    return is_audience_target(user, requirement.audience, requirement.audience_service_ids)


def is_open(requirement: ReadRequirement) -> bool:
    """Still asking: active, and its item online."""
    return requirement.active and requirement.news is not None and requirement.news.live


@dataclass
class Banner:
    requirement: ReadRequirement
    confirmed_at: object = None


def banner_for(user: User, news: NewsPage) -> Banner | None:
    """What the item's page shows `user` about its mandatory reading (None: nothing)."""
    requirement = ReadRequirement.objects.filter(news=news, active=True).first()
    if requirement is None or not news.live or not is_asked(user, requirement):
        return None
    confirmed = (
        ReadConfirmation.objects.filter(requirement=requirement, user=user)
        .values_list("confirmed_at", flat=True)
        .first()
    )
    return Banner(requirement=requirement, confirmed_at=confirmed)


def asks_on_page(user: User, news: NewsPage) -> bool:
    """Whether `news` has an open reading (from the cached list: no query for the many items
    that have none)."""
    return any(reading.path == news.path for reading in open_readings(user))


class NotAsked(Exception):
    """The reading does not ask this person (or is closed): nothing to confirm."""


def read_confirm(*, user: User, requirement: ReadRequirement) -> ReadConfirmation:
    """« J'ai lu »: once (a second click returns the first confirmation)."""
    if not is_open(requirement) or not is_asked(user, requirement):
        raise NotAsked
    if not requirement.news.is_visible_to(user):
        raise NotAsked
    try:
        with transaction.atomic():
            confirmation = ReadConfirmation.objects.create(requirement=requirement, user=user)
            ReadRequirement.objects.filter(pk=requirement.pk).update(version=F("version") + 1)
            return confirmation
    except IntegrityError:
        return ReadConfirmation.objects.get(requirement=requirement, user=user)


@dataclass(frozen=True)
class OpenReading:
    """What the homepage needs of an open reading (kept in the cache, not a model)."""

    pk: int
    title: str
    url: str
    path: str
    audience: str
    service_ids: tuple[int, ...]
    deadline: object


def open_readings(user: User) -> list[OpenReading]:
    """Every open reading, cached until the next editorial change (publishing, unpublishing or
    deleting an item bumps the content generation): a homepage without any costs no query."""
    key = f"open-readings:{generations.value(generations.CONTENT, holder=user)}"
    found = caches["fragments"].get(key)
    if found is None:
        found = [
            OpenReading(
                pk=requirement.pk,
                title=requirement.news.title,
                url=requirement.news.url or "",
                path=requirement.news.path,
                audience=requirement.audience,
                service_ids=tuple(requirement.audience_service_ids),
                deadline=requirement.deadline,
            )
            for requirement in ReadRequirement.objects.filter(active=True, news__live=True)
            .select_related("news")
            .order_by("deadline", "-created_at")
        ]
        caches["fragments"].set(key, found, OPEN_READINGS_TIMEOUT)
    return found


def readings_waiting(user: User) -> list[OpenReading]:
    """The open readings asking `user` that they have not confirmed: the homepage's list (one
    query when some reading asks them, none otherwise)."""
    asked = [
        reading
        for reading in open_readings(user)
        if is_audience_target(user, reading.audience, reading.service_ids)
        and not any(reading.path.startswith(path) for path in denied_paths(user))
    ]
    if not asked:
        return []
    confirmed = set(
        ReadConfirmation.objects.filter(
            user=user, requirement_id__in=[reading.pk for reading in asked]
        ).values_list("requirement_id", flat=True)
    )
    return [reading for reading in asked if reading.pk not in confirmed]


# --- The follow-up's side -----------------------------------------------------------------


@dataclass(frozen=True)
class FollowScope:
    """What a person may see of a reading's follow-up: `names` None for no names, "all", or the
    set of services whose people they may name; `services` likewise for the rates by service;
    `remind` whether they may send the reminder."""

    names: str | frozenset[int] | None
    services: str | frozenset[int]
    remind: bool
    generation: int = 0  # of people, services and rights when it was computed

    def names_of(self, service_id: int | None) -> bool:
        if self.names == "all":
            return True
        return bool(self.names) and service_id in self.names


def _headed_services(user: User) -> frozenset[int]:
    headed = Service.objects.filter(Q(head=user) | Q(deputy=user)).values_list("pk", flat=True)
    return frozenset(services_reached(list(headed)))


def follow_scope(user: User, requirement: ReadRequirement) -> FollowScope | None:
    """None when `user` may not see the follow-up at all (every agent who is neither a
    communication officer, nor an editor of the item, nor a head of a service it asks).
    Kept with the person's other rights until people, services, rights or pages change."""
    if not user.is_authenticated or not user.is_active:
        return None
    found = per_user_cached(
        user,
        f"read-follow:{requirement.pk}",
        lambda person: _follow_scope(person, requirement) or NO_SCOPE,
        generations=(generations.CONTENT,),
    )
    return None if found == NO_SCOPE else found


NO_SCOPE = "none"


def _follow_scope(user: User, requirement: ReadRequirement) -> FollowScope | None:
    generation = generations.value(generations.ACCESS, holder=user)
    if can_view_all_audiences(user):
        return FollowScope(names="all", services="all", remind=True, generation=generation)
    news = requirement.news
    editor = news is not None and news.permissions_for_user(user).can_edit()
    headed = _headed_services(user)
    if headed and not targets(requirement).filter(service_id__in=headed).exists():
        headed = frozenset()
    if editor:
        return FollowScope(names=headed or None, services="all", remind=True, generation=generation)
    if headed:
        return FollowScope(names=headed, services=headed, remind=False, generation=generation)
    return None


def followed_by(user: User) -> list[tuple[ReadRequirement, FollowScope]]:
    """The readings whose follow-up `user` may see, newest first."""
    found = []
    for requirement in ReadRequirement.objects.select_related("news").order_by("-created_at"):
        scope = follow_scope(user, requirement)
        if scope is not None:
            found.append((requirement, scope))
    return found


@dataclass
class ServiceRate:
    service: Service | None
    depth: int
    asked: int = 0
    confirmed: int = 0

    @property
    def rate(self) -> int:
        return round(100 * self.confirmed / self.asked) if self.asked else 0


@dataclass
class Report:
    asked: int
    confirmed: int
    services: list[ServiceRate] = field(default_factory=list)

    @property
    def rate(self) -> int:
        return round(100 * self.confirmed / self.asked) if self.asked else 0


def _cached(requirement: ReadRequirement, name: str, scope: FollowScope, compute):
    """`compute()`, kept until someone confirms (the requirement's version) or people, services
    or rights change (the access generation): a follow-up read again and again by the
    communication and the heads of service costs one cache read."""
    fingerprint = ",".join(
        str(part) if isinstance(part, str) or part is None else "-".join(map(str, sorted(part)))
        for part in (scope.names, scope.services)
    )
    key = f"reading:{requirement.pk}:{requirement.version}:{scope.generation}:{name}:{fingerprint}"
    value = caches["fragments"].get(key)
    if value is None:
        value = compute()
        caches["fragments"].set(key, value, REPORT_TIMEOUT)
    return value


def _counts_by_service(requirement: ReadRequirement) -> dict[int | None, tuple[int, int]]:
    confirmed = ReadConfirmation.objects.filter(requirement=requirement, user=OuterRef("pk"))
    rows = (
        targets(requirement)
        .annotate(read=Exists(confirmed))
        .values("service_id")
        .annotate(asked=Count("pk"), confirmed=Count("pk", filter=Q(read=True)))
        .order_by()
    )
    return {row["service_id"]: (row["asked"], row["confirmed"]) for row in rows}


def read_report(requirement: ReadRequirement, scope: FollowScope) -> Report:
    """The read rate overall and by service, each service counting its sub-services, in tree
    order (two queries whatever the audience's size; cached until the next confirmation)."""
    return _cached(requirement, "report", scope, lambda: _read_report(requirement, scope))


def _read_report(requirement: ReadRequirement, scope: FollowScope) -> Report:
    counts = _counts_by_service(requirement)
    services = list(Service.objects.order_by("name").only("pk", "name", "parent_id"))
    children: dict[int | None, list[Service]] = {}
    known = {service.pk for service in services}
    for service in services:
        parent = service.parent_id if service.parent_id in known else None
        children.setdefault(parent, []).append(service)
    rows: list[ServiceRate] = []

    def walk(service: Service, depth: int, seen: set[int]) -> tuple[int, int]:
        seen.add(service.pk)
        row = ServiceRate(service=service, depth=depth)
        rows.append(row)
        asked, confirmed = counts.get(service.pk, (0, 0))
        for child in children.get(service.pk, []):
            if child.pk not in seen:
                sub = walk(child, depth + 1, seen)
                asked, confirmed = asked + sub[0], confirmed + sub[1]
        row.asked, row.confirmed = asked, confirmed
        return asked, confirmed

    seen: set[int] = set()
    for root in children.get(None, []):
        walk(root, 0, seen)
    without = counts.get(None, (0, 0))
    if without[0]:
        rows.append(ServiceRate(service=None, depth=0, asked=without[0], confirmed=without[1]))
    shown = [
        row
        for row in rows
        if row.asked
        and (scope.services == "all" or (row.service and row.service.pk in scope.services))
    ]
    asked = sum(pair[0] for pair in counts.values())
    confirmed = sum(pair[1] for pair in counts.values())
    return Report(asked=asked, confirmed=confirmed, services=shown)


def _named(requirement: ReadRequirement, scope: FollowScope) -> QuerySet[User]:
    people = targets(requirement)
    if scope.names == "all":
        return people
    if not scope.names:
        return people.none()
    return people.filter(service_id__in=scope.names)


def not_confirmed(
    requirement: ReadRequirement, scope: FollowScope, *, service_id: int | None = None
) -> QuerySet[User]:
    """The people asked who have not confirmed, among those `scope` may name."""
    confirmed = ReadConfirmation.objects.filter(requirement=requirement, user=OuterRef("pk"))
    people = _named(requirement, scope).exclude(Exists(confirmed))
    if service_id is not None:
        people = people.filter(service_id__in=services_reached([service_id]))
    return people.select_related("service").order_by("last_name", "first_name", "pk")


def not_confirmed_ids(
    requirement: ReadRequirement, scope: FollowScope, *, service_id: int | None = None
) -> list[int]:
    """The ids of `not_confirmed(…)`, in order, cached until the next confirmation: the page
    then reads only the fifty people it shows."""
    return _cached(
        requirement,
        f"missing-{service_id or ''}",
        scope,
        lambda: list(
            not_confirmed(requirement, scope, service_id=service_id).values_list("pk", flat=True)
        ),
    )


@dataclass(frozen=True)
class Named:
    """A person of the list as the page shows them (kept in the cache, not a model)."""

    name: str
    service: str
    url: str


def named_page(
    requirement: ReadRequirement, scope: FollowScope, ids: list[int], *, key: str
) -> list[Named]:
    """The people of one page of the list (names, service, profile address), cached with the
    list they come from."""

    def compute() -> list[Named]:
        found = (
            User.objects.select_related("service")
            .only("pk", "first_name", "last_name", "slug", "service__name")
            .in_bulk(ids)
        )
        profile = reverse("people:person", args=["slug-0"])
        return [
            Named(
                name=person.get_full_name(),
                service=person.service.name if person.service else "",
                url=profile.replace("slug-0", person.slug)
                if person.slug
                else reverse("people:directory"),
            )
            for person in (found[pk] for pk in ids if pk in found)
        ]

    return _cached(requirement, key, scope, compute)


def report_csv(requirement: ReadRequirement, scope: FollowScope) -> str:
    """Everyone `scope` may name: name, service, e-mail, read or not, when."""
    confirmed = dict(
        ReadConfirmation.objects.filter(requirement=requirement).values_list(
            "user_id", "confirmed_at"
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [_("Nom"), _("Prénom"), _("Service"), _("Adresse électronique"), _("Lu"), _("Lu le")]
    )
    people = (
        _named(requirement, scope)
        .select_related("service")
        .order_by("last_name", "first_name", "pk")
    )
    for person in people.iterator(chunk_size=2000):
        when = confirmed.get(person.pk)
        writer.writerow(
            [
                spreadsheet_safe(person.last_name),
                spreadsheet_safe(person.first_name),
                spreadsheet_safe(person.service.name if person.service else ""),
                spreadsheet_safe(person.email or ""),
                _("oui") if when else _("non"),
                timezone.localtime(when).strftime("%d/%m/%Y %H:%M") if when else "",
            ]
        )
    return out.getvalue()


# --- The reminder ---------------------------------------------------------------------------


class TooSoon(Exception):
    """The reminder was sent less than a day ago."""


def read_remind(*, user: User, requirement: ReadRequirement) -> None:
    """Record the reminder (at most once a day); the caller queues `read_reminders_send`."""
    now = timezone.now()
    with transaction.atomic():
        locked = ReadRequirement.objects.select_for_update().get(pk=requirement.pk)
        if locked.last_reminded_at and now - locked.last_reminded_at < REMIND_EVERY:
            raise TooSoon
        locked.last_reminded_at = now
        locked.reminded_by = user
        locked.save(update_fields=["last_reminded_at", "reminded_by"])
    requirement.last_reminded_at = now


def read_reminders_send(*, requirement_id: int) -> int:
    """In a worker: each person asked who has not confirmed is reminded, in Parvis and (their
    « Rappels » channel is e-mail by default) by e-mail; once per reminder (event keys)."""
    requirement = ReadRequirement.objects.select_related("news", "reminded_by").get(
        pk=requirement_id
    )
    if not is_open(requirement) or requirement.last_reminded_at is None:
        return 0
    stamp = requirement.last_reminded_at.strftime("%Y%m%d%H%M")
    everyone = FollowScope(names="all", services="all", remind=False)
    told = 0
    for person in not_confirmed(requirement, everyone).iterator(chunk_size=1000):
        if not requirement.news.is_visible_to(person):
            continue
        made = notify(
            recipient=person,
            kind=Notification.Kind.READ_REMINDER,
            actor=requirement.reminded_by,
            title=requirement.title,
            url=requirement.news.url or "/",
            excerpt=requirement.news.lead,
            event_key=f"read:{requirement.pk}:{stamp}",
        )
        told += made is not None
    return told
