"""Project-wide Celery tasks: thin wrappers, idempotent, acknowledged late."""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.utils.module_loading import import_string

from celery import shared_task

from .core.queueing import pending_tasks_retry
from .core.submissions import submissions_purge
from .health import heartbeat_record

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(ObjectDoesNotExist,),
    retry_backoff=True,
    max_retries=5,
)
def run_django_task(module_path: str, args: list, kwargs: dict) -> None:
    """Run a django-tasks task (Wagtail's search and reference index updates) in the worker."""
    django_task = import_string(module_path)
    try:
        django_task.call(*args, **kwargs)
    except ObjectDoesNotExist:
        # The object was deleted before the worker got to it: nothing left to index.
        logger.info("%s: object %s no longer exists", module_path, args)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (idempotent)."""
    call_command("publish_scheduled")


@shared_task(bind=True, acks_late=True)
def retry_pending_tasks(self) -> int:
    """The outbox of cms/core/queueing.py: work that could be neither sent nor run at once."""
    return pending_tasks_retry(app=self.app)


@shared_task(acks_late=True)
def purge_submissions() -> int:
    """Forget the keys of forms sent more than a day ago (cms/core/submissions.py)."""
    return submissions_purge()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def clear_expired_sessions() -> None:
    """Daily: sessions past their age leave the database (Django keeps them for ever otherwise).
    Idempotent: a second run finds nothing to remove."""
    call_command("clearsessions")


@shared_task(ignore_result=True, expires=120)
def heartbeat(queue: str) -> None:
    """Sent by beat to each queue: the worker that takes it says the queue is served (/sante/)."""
    heartbeat_record(queue=queue)
