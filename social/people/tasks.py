"""People's Celery tasks: thin wrappers, idempotent, acknowledged late (a worker killed midway
leaves the task to the next one)."""

from django.db import DatabaseError

from celery import shared_task

from cms.core.queueing import queue_after_commit

from .directory import service_members_reindex
from .import_jobs import people_import_check, people_import_run, people_imports_sweep


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def check_people_import(import_id: int) -> str:
    return people_import_check(import_id)


@shared_task(acks_late=True)
def run_people_import(import_id: int) -> str:
    # Not retried on its own: a failure is said on the import's page, nothing written.
    return people_import_run(import_id)


@shared_task(acks_late=True)
def sweep_people_imports() -> int:
    return people_imports_sweep()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def reindex_service_members(service_id: int) -> int:
    """A service renamed or given another acronym: its members' directory texts hold them."""
    return service_members_reindex(service_id)


def people_import_check_schedule(*, import_id: int) -> None:
    """A dropped file read by a worker once it is committed (here and now when Redis cannot
    be reached: the administrator waits, nothing is lost)."""
    queue_after_commit(check_people_import, import_id)


def people_import_run_schedule(*, import_id: int) -> None:
    queue_after_commit(run_people_import, import_id)


def service_members_reindex_schedule(*, service_id: int) -> None:
    queue_after_commit(reindex_service_members, service_id)
