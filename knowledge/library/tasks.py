"""The library's background work. Each task keeps the name it had when it lived in
`knowledge.tasks`: messages already queued in Redis, and beat schedules written for an
earlier release, still find it after an upgrade."""

from django.conf import settings
from django.db import DatabaseError

from celery import shared_task

from cms.core.queueing import queue_after_commit

from .search import folder_access_keys_write, folder_documents_resync
from .services import document_extract, documents_pending_ids


@shared_task(
    name="knowledge.tasks.extract_document",
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


def document_extraction_schedule(*, document_id: int) -> None:
    """Queue the analysis of a document once the transaction that stored it commits. If the
    broker cannot be reached, the document stays pending and the sweep queues it later."""
    queue_after_commit(extract_document, document_id, inline_when_down=False)


@shared_task(
    name="knowledge.tasks.sweep_pending_documents",
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def sweep_pending_documents(stale_after: int | None = None) -> int:
    """Every few minutes: queue again the documents whose analysis never ran or never ended."""
    return documents_pending_sweep(stale_after=stale_after)


def documents_pending_sweep(*, stale_after: int | None = None, limit: int = 500) -> int:
    """Queue again the documents still waiting for their analysis (see
    `documents_pending_ids`); how many were queued."""
    ids = documents_pending_ids(stale_after=stale_after, limit=limit)
    for document_id in ids:
        extract_document.delay(document_id)
    return len(ids)


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def resync_folder_documents(folder_id: int, keys_changed: bool = False) -> int:
    return folder_documents_resync(folder_id, keys_changed=keys_changed)


def folder_documents_resync_schedule(*, folder_id: int) -> None:
    """A folder restricted, opened or moved: its documents' access keys are rewritten at once,
    in this transaction (folder_access_keys_write); their places, index entries and the
    vocabulary follow in a worker once it commits (here and now when Redis cannot be
    reached)."""
    keys_changed = folder_access_keys_write(folder_id)
    queue_after_commit(resync_folder_documents, folder_id, keys_changed)
