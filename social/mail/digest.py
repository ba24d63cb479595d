"""The digest: what a person missed, in one e-mail, daily or weekly (their choice).

It carries the person's unread notifications of the kinds they send to the digest, grouped by
kind and group, then what each registered section adds (the news of their audience, their
next events, their overdue tasks…): home, events and projects register a `DigestSection` in
their app's `ready()`; this module imports none of them. Everything is read *at sending time*
with the person's rights of that moment: a news item whose audience changed since, a group
they left, a conversation they no longer read, is not sent.

`digest_send(user_id=…, period=…)` is idempotent: the `DigestDelivery` row of the period, the
outbox row and the notifications marked digested are written in one transaction, the row
first (its unique constraint makes a second worker wait, then give up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from social.notifications.models import Channel, Notification
from social.notifications.services import channels_of, notifications_visible_to

from .bounces import undeliverable_addresses
from .compose import DIGEST_KIND, absolute, compose, language_of
from .models import DigestDelivery, MailSettings
from .outbox import mail_queue

if TYPE_CHECKING:
    from social.people.models import User

logger = logging.getLogger(__name__)
Frequency = MailSettings.Frequency
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str
    meta: str = ""
    excerpt: str = ""
    highlight: bool = False  # pinned news, overdue…


@dataclass(frozen=True)
class DigestSection:
    """A part of the digest: `collect(user, since, now)` gives what `user` may see *now* of
    what happened since `since` (at most a handful of items, the most important first)."""

    name: str
    title: Callable[[], str]
    order: int
    collect: Callable[[User, datetime, datetime], list[DigestItem]]
    more: str = ""  # the name of the page that shows all of it (« Mes tâches »…)


_sections: list[DigestSection] = []


def register_digest_section(section: DigestSection) -> None:
    kept = [known for known in _sections if known.name != section.name]
    _sections[:] = sorted([*kept, section], key=lambda known: known.order)


@dataclass
class Digest:
    notification_ids: list[int] = field(default_factory=list)
    notification_groups: list[dict] = field(default_factory=list)
    notifications_more: int = 0
    sections: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.notification_ids and not self.sections

    def counts(self) -> dict[str, int]:
        return {
            "notifications": len(self.notification_ids),
            **{section["name"]: len(section["items"]) for section in self.sections},
        }


# --- Periods --------------------------------------------------------------------------------


def periods_due(now: datetime) -> dict[str, str]:
    """The period each frequency is due for at `now` (Europe/Paris), e.g. {"weekly":
    "w2026-49", "daily": "d2026-12-07"}; a frequency absent is not due yet."""
    local = now.astimezone(PARIS)
    due = {}
    after_hour = local.hour >= settings.DIGEST_HOUR
    if local.weekday() > settings.DIGEST_WEEKDAY or (
        local.weekday() == settings.DIGEST_WEEKDAY and after_hour
    ):
        year, week, _day = local.isocalendar()
        due[Frequency.WEEKLY] = f"w{year}-{week:02d}"
    if local.weekday() < 5 and after_hour:
        due[Frequency.DAILY] = f"d{local.date().isoformat()}"
    return due


def _span(frequency: str) -> timedelta:
    return timedelta(days=1 if frequency == Frequency.DAILY else 7)


def recipients_due(frequency: str, period: str):
    """The ids of the people whose digest of `period` is due and not written: active, with an
    address that does not bounce, who chose this frequency (weekly is everyone's default)."""
    User = get_user_model()
    people = User.objects.filter(is_active=True).exclude(email__isnull=True).exclude(email="")
    chosen = MailSettings.objects.filter(user=OuterRef("pk"))
    if frequency == Frequency.WEEKLY:
        people = people.exclude(Exists(chosen.exclude(digest=Frequency.WEEKLY)))
    else:
        people = people.filter(Exists(chosen.filter(digest=frequency)))
    people = people.exclude(
        Exists(DigestDelivery.objects.filter(user=OuterRef("pk"), period=period))
    )
    bouncing = undeliverable_addresses()
    return [
        pk
        for pk, address in people.order_by("pk").values_list("pk", "email")
        if address.lower() not in bouncing
    ]


# --- Content --------------------------------------------------------------------------------


def digest_kinds(user: User) -> list[str]:
    """The kinds `user` sends to their digest (their choices, else each kind's default)."""
    return [kind for kind, channel in channels_of(user).items() if channel == Channel.DIGEST]


def _notifications(user: User, now: datetime, digest: Digest) -> None:
    oldest = now - timedelta(days=settings.DIGEST_NOTIFICATIONS_MAX_AGE_DAYS)
    waiting = (
        notifications_visible_to(user)
        .filter(
            read_at__isnull=True,
            digested_at__isnull=True,
            emailed_at__isnull=True,
            kind__in=digest_kinds(user),
            created_at__gte=oldest,
            created_at__lte=now,
        )
        .select_related("actor", "group")
        .order_by("kind", "group_id", "-updated_at", "-pk")
    )
    rows = list(waiting[: settings.DIGEST_MAX_NOTIFICATIONS])
    digest.notification_ids = [row.pk for row in rows]
    shown = rows[: settings.DIGEST_SHOWN_NOTIFICATIONS]
    digest.notifications_more = len(rows) - len(shown)
    labels = dict(Notification.Kind.choices)
    for kind, of_kind in groupby(shown, key=lambda row: row.kind):
        groups = []
        for _group, in_group in groupby(of_kind, key=lambda row: row.group_id):
            items = list(in_group)
            groups.append(
                {
                    "name": items[0].group.name if items[0].group else "",
                    "items": [
                        DigestItem(
                            title=item.message,
                            url=absolute(f"/notifications/{item.pk}/"),
                            excerpt=item.excerpt,
                        )
                        for item in items
                    ],
                }
            )
        digest.notification_groups.append({"label": labels.get(kind, kind), "groups": groups})


def digest_build(user: User, *, since: datetime, now: datetime) -> Digest:
    """What `user`'s digest says at `now` (nothing is written)."""
    digest = Digest()
    _notifications(user, now, digest)
    for section in _sections:
        items = section.collect(user, since, now)
        if items:
            digest.sections.append(
                {
                    "name": section.name,
                    "title": section.title(),
                    "items": items,
                    "more_url": absolute(reverse(section.more)) if section.more else "",
                }
            )
    return digest


def _since(user: User, frequency: str, now: datetime) -> datetime:
    last = (
        DigestDelivery.objects.filter(user=user, created_at__lt=now)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(last or now - _span(frequency), now - timedelta(days=31))


def digest_subject(digest: Digest, frequency: str) -> str:
    count = len(digest.notification_ids)
    base = (
        _("Votre résumé de la semaine")
        if frequency == Frequency.WEEKLY
        else _("Votre résumé du jour")
    )
    if count:
        return (
            base
            + " — "
            + ngettext("%(count)d notification non lue", "%(count)d notifications non lues", count)
            % {"count": count}
        )
    return base


def digest_compose(user: User, digest: Digest, *, frequency: str, language: str) -> dict:
    return compose(
        user=user,
        kind=DIGEST_KIND,
        template="digest",
        context={"digest": digest, "frequency": frequency, "weekly": frequency == "weekly"},
        subject=lambda: digest_subject(digest, frequency),
        language=language,
    )


def digest_send(*, user_id: int, period: str, now: datetime | None = None) -> str:
    """Write `user_id`'s digest of `period` once: "sent" (in the outbox), "empty" (nothing to
    say: no e-mail) or "done" (already written, or no longer due)."""
    now = now or timezone.now()
    frequency = Frequency.DAILY if period.startswith("d") else Frequency.WEEKLY
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "done"
    chosen = MailSettings.objects.filter(user=user).values_list("digest", flat=True).first()
    if (chosen or Frequency.WEEKLY) != frequency:
        return "done"  # changed their mind since the batch was queued
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(user=user, period=period, created_at=now)
        except IntegrityError:
            return "done"
        language = language_of(user)
        with translation.override(language):
            digest = digest_build(user, since=_since(user, frequency, now), now=now)
            if digest.empty:
                return "empty"
            mail = mail_queue(
                **digest_compose(user, digest, frequency=frequency, language=language)
            )
        Notification.objects.filter(pk__in=digest.notification_ids).update(digested_at=now)
        delivery.mail = mail
        delivery.counts = digest.counts()
        delivery.save(update_fields=["mail", "counts"])
    return "sent"


def digest_preview(user: User, *, now: datetime | None = None) -> tuple[Digest, str]:
    """The digest `user` would receive now, and its frequency (nothing is written)."""
    now = now or timezone.now()
    frequency = (
        MailSettings.objects.filter(user=user).values_list("digest", flat=True).first()
        or Frequency.WEEKLY
    )
    shown = frequency if frequency != Frequency.NEVER else Frequency.WEEKLY
    return digest_build(user, since=_since(user, shown, now), now=now), shown


def digests_pending(now: datetime | None = None) -> list[tuple[str, list[int]]]:
    """(period, people) of every digest due and not written at `now`."""
    now = now or timezone.now()
    return [
        (period, recipients_due(frequency, period))
        for frequency, period in periods_due(now).items()
    ]
