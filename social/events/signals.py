"""Keep what depends on events in step: a group's visibility decides its events' search keys,
and a deleted event leaves no search row."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from knowledge.search.index import search_item_remove
from knowledge.search.tasks import sync_search_rows_after_commit
from social.groups.models import Group

from .models import Event


def connect() -> None:
    post_save.connect(group_saved, sender=Group, dispatch_uid="events-group-save")
    post_delete.connect(event_deleted, sender=Event, dispatch_uid="events-event-gone")


def group_saved(sender, instance: Group, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    event_ids = list(instance.events.values_list("pk", flat=True))
    if event_ids:
        sync_search_rows_after_commit(Event, event_ids)


def event_deleted(sender, instance: Event, **kwargs) -> None:
    search_item_remove(instance)
