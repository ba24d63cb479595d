"""What the agenda gives the e-mail digest: the reader's events of the coming days (those they
answered, organise, or that are their groups'), as they may see them at sending time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from social.mail.compose import absolute
from social.mail.digest import DigestItem, DigestSection

from .selectors import my_occurrences_between

if TYPE_CHECKING:
    from social.people.models import User

EVENTS_IN_DIGEST = 8
HORIZON = timedelta(days=8)


def _when(occurrence) -> str:
    starts = timezone.localtime(occurrence.starts_at)
    if occurrence.event.all_day:
        return formats.date_format(starts, "l j F")
    return formats.date_format(starts, "l j F, H:i")


def coming_events(user: User, since: datetime, now: datetime) -> list[DigestItem]:
    return [
        DigestItem(
            title=occurrence.event.title,
            url=absolute(occurrence.url),
            meta=", ".join(
                part
                for part in (
                    _when(occurrence),
                    occurrence.event.room.name if occurrence.event.room else "",
                    occurrence.event.place,
                )
                if part
            ),
        )
        for occurrence in my_occurrences_between(user, now, now + HORIZON, limit=EVENTS_IN_DIGEST)
    ]


EVENTS_SECTION = DigestSection(
    name="events",
    title=lambda: _("Vos prochains événements"),
    order=20,
    collect=coming_events,
    more="events:mine",
)
