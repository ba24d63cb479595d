"""Personal data's Celery tasks: thin wrappers, idempotent, acknowledged late."""

from django.db import DatabaseError

from celery import shared_task

from . import export, retention


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=2,
)
def build_export(export_id: int) -> str:
    built = export.export_build(export_id)
    return built.status if built is not None else "gone"


@shared_task(acks_late=True)
def sweep_exports() -> int:
    return export.exports_sweep()


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def apply_retention() -> dict:
    return retention.retention_apply().removed
