"""Deliberations in the intranet's search, by number, object and summary: a published one is
found by every colleague (when its commission publishes to agents), another by the
commission's members only."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowledge.search.sources import SearchKind, SearchSource
from social.people.scope import scope_part

from .models import Deliberation

if TYPE_CHECKING:
    from social.people.models import User

KEY_PUBLIC = "council:public"


def deliberation_access(deliberation: Deliberation) -> list[str]:
    meeting = deliberation.meeting
    if deliberation.published and meeting.published and meeting.commission.publishes_to_agents:
        return [KEY_PUBLIC]
    return [f"commission:{meeting.commission_id}"]


def council_search_keys(user: User) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return {KEY_PUBLIC, *scope_part(user, "commissions")}


def deliberation_fields(deliberation: Deliberation) -> dict:
    adopted = datetime.datetime.combine(deliberation.adopted_on, datetime.time(12))
    return {
        "kind": "deliberation",
        "title": f"{deliberation.number} — {deliberation.title}"[:255],
        "summary": deliberation.summary[:2000],
        "url": deliberation.get_absolute_url(),
        "date": timezone.make_aware(adopted),
        "service_id": None,
        "search_themes": [],
        "access": deliberation_access(deliberation),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


DELIBERATION_SOURCE = SearchSource(
    model=Deliberation,
    fields=deliberation_fields,
    text=lambda deliberation: "\n".join(
        [
            deliberation.summary,
            str(deliberation.get_result_display()),
            deliberation.meeting.commission.name,
        ]
    ),
    queryset=lambda: Deliberation.objects.select_related("meeting__commission"),
)
DELIBERATION_KIND = SearchKind("deliberation", _("Délibérations"), _("Délibération"), order=70)
