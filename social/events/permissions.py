"""Who may do what with events: one function per question, used by the agenda's views, the
homepage block, search, the `.ics` files and the personal subscription alike.

- An event **of a group** is seen as the group's posts are: by everyone for an open group, by
  its members for a closed or secret one (a secret group's events exist nowhere else).
- Any other event is seen by its **audience** (social/people/audience.py).
- Superusers see every event. Organisers see and manage theirs; a group's administrators manage
  its events; people with « publish_events » (communication officers) manage the events
  published to an audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from social.groups.models import Group, Visibility
from social.groups.permissions import (
    can_admin_group,
    can_post_in_group,
    can_read_group,
    member_group_ids,
)
from social.people.audience import audience_q

from .models import Event

if TYPE_CHECKING:
    from social.people.models import User


def _is_superuser(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def visible_event_filter(user: User, *, prefix: str = "") -> Q:
    """A filter keeping the events `user` may see (on Event, or through `prefix`, e.g.
    "event__" on Occurrence)."""
    if _is_superuser(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    audience = audience_q(Event, user)
    if prefix:
        audience = Q(**{f"{prefix}in": Event.objects.filter(audience).values("pk")})
    groups = Q(**{f"{prefix}group__visibility": Visibility.OPEN})
    mine = member_group_ids(user)
    if mine:
        groups |= Q(**{f"{prefix}group_id__in": mine})
    return (Q(**{f"{prefix}group__isnull": True}) & audience) | (
        Q(**{f"{prefix}group__isnull": False}) & groups
    )


def events_visible_to(user: User):
    return Event.objects.filter(visible_event_filter(user))


def can_view_event(user: User, event: Event) -> bool:
    if _is_superuser(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if event.group_id is not None:
        return can_read_group(user, event.group)
    return event.is_visible_to(user)


def event_or_404(user: User, pk: int) -> Event:
    """The event, if `user` may see it; a 404 otherwise (its existence is not told)."""
    event = get_object_or_404(
        Event.objects.select_related("group", "category", "room", "service", "created_by"), pk=pk
    )
    if not can_view_event(user, event):
        raise Http404
    return event


def is_organiser(user: User, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    if event.created_by_id == user.pk:
        return True
    cached = getattr(event, "_prefetched_objects_cache", {}).get("organisers")
    if cached is not None:
        return any(person.pk == user.pk for person in cached)
    return event.organisers.filter(pk=user.pk).exists()


def can_publish_to_audience(user: User) -> bool:
    """Publish events to everyone, the agents, the élus or services (not inside a group)."""
    return user.is_authenticated and user.is_active and user.has_perm("events.publish_events")


def can_create_event(user: User, group: Group | None = None) -> bool:
    if group is not None:
        return can_post_in_group(user, group)
    return can_publish_to_audience(user)


def can_create_any_event(user: User) -> bool:
    """Whether « Nouvel événement » shows: an audience event, or one in a group they post in."""
    return can_publish_to_audience(user) or bool(member_group_ids(user))


def can_manage_event(user: User, event: Event) -> bool:
    """Change or cancel the event, see and export its participants, write to them."""
    if not can_view_event(user, event):
        return False
    if _is_superuser(user) or is_organiser(user, event):
        return True
    if event.group_id is not None:
        return can_admin_group(user, event.group)
    return can_publish_to_audience(user)


def registration_closed_reason(event: Event, *, now=None) -> str:
    """Why answering is closed ("" when it is open)."""
    now = now or timezone.now()
    if not event.has_registration:
        return "none"
    if event.is_cancelled:
        return "cancelled"
    if event.registration_deadline and now > event.registration_deadline:
        return "deadline"
    if not event.is_recurring and event.ends_at < now:
        return "past"
    if event.is_recurring and not event.occurrences.filter(ends_at__gt=now).exists():
        return "past"  # every session is over
    return ""


def can_register(user: User, event: Event) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and can_view_event(user, event)
        and not registration_closed_reason(event)
    )


def event_abilities(user: User, event: Event) -> dict[str, bool]:
    manage = can_manage_event(user, event)
    return {
        "manage": manage,
        "register": can_register(user, event),
        "participants": manage,
    }
