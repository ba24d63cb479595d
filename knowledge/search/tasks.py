"""Search's background work. Each task keeps the name it had when it lived in
`knowledge.tasks`: messages already queued in Redis, and beat schedules written for an
earlier release, still find it after an upgrade."""

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError

from celery import shared_task

from cms.core.queueing import queue_after_commit

from .analytics import search_terms_flush
from .index import search_rows_sync, service_entries_reindex, theme_entries_reindex
from .words import vocabulary_rebuild


@shared_task(
    name="knowledge.tasks.flush_search_terms",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def flush_search_terms() -> int:
    """Every minute: searches counted in Redis go to the editors' report."""
    return search_terms_flush()


@shared_task(
    name="knowledge.tasks.reindex_theme_entries",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def reindex_theme_entries(theme_id: int) -> int:
    """A renamed or deleted theme: the entries holding its name written again (idempotent)."""
    return theme_entries_reindex(theme_id)


def theme_entries_reindex_schedule(*, theme_id: int) -> None:
    """Queue the entries of a renamed or deleted theme's documents, pages and posts once the
    change commits. If the broker cannot be reached, they are written here and now: slower
    for the editor, but search never keeps a name that no longer exists."""
    queue_after_commit(reindex_theme_entries, theme_id)


@shared_task(
    name="knowledge.tasks.sync_search_rows",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def sync_search_rows(content_type_id: int, object_ids: list[int]) -> int:
    """The search rows of these objects written again from them (idempotent); an object gone
    meanwhile has its row removed by its deletion."""
    return search_rows_sync(content_type_id=content_type_id, object_ids=object_ids)


def sync_search_rows_after_commit(model, object_ids) -> None:
    """The search rows of these objects written again once the transaction commits, by a
    worker (here when Redis is down; kept in the outbox if that fails too): a failure there can
    never turn a saved post into an error page."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    queue_after_commit(sync_search_rows, content_type_id, list(object_ids))


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def rebuild_search_vocabulary() -> int:
    """Every six hours: the words typing mistakes are corrected from, again from every search
    row (the words of items removed or hidden since go)."""
    return vocabulary_rebuild()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def reindex_service_entries(service_id: int) -> int:
    """A service renamed or given another acronym: the entries of what it owns hold them."""
    return service_entries_reindex(service_id)
