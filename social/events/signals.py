"""Keep what depends on events in step: a group's visibility decides its events' search keys,
and a deleted event leaves no search row."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from knowledge.search.index import search_item_remove
from knowledge.search.tasks import sync_search_rows_after_commit
from social.groups.models import Group

from .caching import answers_changed, events_changed
from .models import Event, EventCategory, OccurrenceChange, Registration


def connect() -> None:
    post_save.connect(group_saved, sender=Group, dispatch_uid="events-group-save")
    post_save.connect(event_changed, sender=Event, dispatch_uid="events-event-save")
    post_save.connect(event_changed, sender=EventCategory, dispatch_uid="events-category-save")
    post_delete.connect(event_deleted, sender=Event, dispatch_uid="events-event-gone")
    for signal in (post_save, post_delete):
        signal.connect(
            session_changed, sender=OccurrenceChange, dispatch_uid=f"events-change-{signal}"
        )
        signal.connect(answer_changed, sender=Registration, dispatch_uid=f"events-answer-{signal}")


def event_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """An event, or a category (named in the agenda's filters), changed."""
    if not raw:
        events_changed()


def session_changed(sender, instance: OccurrenceChange, raw: bool = False, **kwargs) -> None:
    if not raw:
        events_changed()


def answer_changed(sender, instance: Registration, raw: bool = False, **kwargs) -> None:
    """An answer changes « mes événements » for its author only (the shared months do not show
    answers): their own counter, so fifty people answering at once do not wait on one row."""
    if not raw:
        answers_changed(instance.user_id)


def group_saved(sender, instance: Group, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    event_ids = list(instance.events.values_list("pk", flat=True))
    if event_ids:
        sync_search_rows_after_commit(Event, event_ids)
        events_changed()  # its visibility decides who sees them


def event_deleted(sender, instance: Event, **kwargs) -> None:
    search_item_remove(instance)
    events_changed()
