"""Events in the intranet's search (knowledge.SearchItem rows), filtered by access keys like
everything else: a group's events carry the keys of its posts (everyone for an open group, its
members otherwise), other events their audience's keys."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge.search.sources import SearchKind, SearchSource
from social.groups.search import post_access_keys

from . import ical
from .models import Event


def event_access_keys(event: Event) -> list[str]:
    if event.group_id is not None:
        # The same rule as the group's posts (an object with `group` is all it reads).
        return post_access_keys(event)
    return event.access_keys()


def event_fields(event: Event) -> dict:
    when = ical.local(event.starts_at)
    title = event.title
    if event.is_cancelled:
        title = _("%(title)s (annulé)") % {"title": title}
    return {
        "kind": "event",
        "title": str(title)[:255],
        "summary": (event.description or event.place)[:2000],
        "url": event.get_absolute_url(),
        "date": when,
        "service_id": event.service_id,
        "search_themes": [],
        "access": event_access_keys(event),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def event_search_text(event: Event) -> str:
    parts = [event.description, event.place]
    if event.room is not None:
        parts.append(event.room.name)
    if event.category is not None:
        parts.append(event.category.name)
    return "\n".join(part for part in parts if part)


EVENT_SOURCE = SearchSource(
    model=Event,
    fields=event_fields,
    text=event_search_text,
    queryset=lambda: Event.objects.select_related("group", "room", "category").prefetch_related(
        "audience_services"
    ),
)
EVENT_KIND = SearchKind("event", _("Agenda"), _("Événement"), order=55)
