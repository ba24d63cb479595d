from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError

from celery import shared_task

from cms.queueing import queue_after_commit

from .search.analytics import search_terms_flush
from .search.index import search_rows_sync, theme_entries_reindex
from .services import (
    articles_review_due_mark,
    document_extract,
    documents_pending_sweep,
    library_bin_purge,
)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def mark_articles_due_for_review() -> int:
    """Nightly: flag articles past their review date for their service's editors."""
    return articles_review_due_mark()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=settings.LIBRARY_EXTRACTION_SOFT_TIME_LIMIT,
    time_limit=settings.LIBRARY_EXTRACTION_TIME_LIMIT,
)
def extract_document(document_id: int) -> str:
    """Text, page count, language and preview of a library document (idempotent)."""
    return document_extract(document_id=document_id)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sweep_pending_documents(stale_after: int | None = None) -> int:
    """Every few minutes: queue again the documents whose analysis never ran or never ended."""
    return documents_pending_sweep(stale_after=stale_after)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def flush_search_terms() -> int:
    """Every minute: searches counted in Redis go to the editors' report."""
    return search_terms_flush()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def reindex_theme_entries(theme_id: int) -> int:
    """A renamed or deleted theme: the entries holding its name written again (idempotent)."""
    return theme_entries_reindex(theme_id)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
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
def purge_library_bin() -> int:
    """Nightly: documents in the bin for more than 30 days are deleted with their files."""
    return library_bin_purge()
