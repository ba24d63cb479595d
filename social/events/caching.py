"""What the agenda's cached views depend on, as generation counters (cms/core/generations.py):
`EVENTS` changes with any event, its sessions or its group's visibility; each person's answers
counter with their answers (« mes événements »). The views' cache keys add the reader's scope
(social/people/scope.py: audience and groups), so a cached month is shared by readers who see
the same events, and never by two who do not."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from cms.core import generations
from social.people.scope import scope_key

if TYPE_CHECKING:
    from social.people.models import User

    from .selectors import Filters

EVENTS = "events-generation"
SCOPE_PARTS = ("audience", "groups")


def answers_generation(user_id: int) -> str:
    return f"event-answers:{user_id}"


def events_changed() -> None:
    generations.bump(EVENTS)


def answers_changed(user_id: int) -> None:
    generations.bump(answers_generation(user_id))


def view_key(user: User, filters: Filters) -> str:
    """The part of an agenda view's cache key that says who reads it and what they see."""
    version = generations.current((EVENTS,), user)[EVENTS]
    key = f"{scope_key(user, *SCOPE_PARTS)}:{version}:{filters.query_string()}"
    if filters.mine:  # « mes événements »: this reader's own, with their answers
        answers = generations.value(answers_generation(user.pk), user)
        key += f":{user.pk}:{answers}"
    return key


def subscription_key(user: User, *, site_url: str, name: str) -> str:
    """What a person's subscription depends on: the events they may see (their scope and the
    events' generation) and their answers. Unchanged, the calendar is served from the cache
    without reading any event."""
    version = generations.current((EVENTS, answers_generation(user.pk)), user)
    parts = (
        user.pk,
        scope_key(user, *SCOPE_PARTS),
        version[EVENTS],
        version[answers_generation(user.pk)],
        site_url,
        name,
    )
    return "ics-subscription:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
