from django.conf import settings
from django.db import DatabaseError

from celery import shared_task

from .directory import DirectoryUnavailable, directory_sync
from .sessions import sessions_sweep


@shared_task(
    acks_late=True,
    autoretry_for=(DirectoryUnavailable, DatabaseError),
    retry_backoff=True,
    max_retries=3,
)
def sync_directory() -> dict:
    """Hourly (Celery beat): the directory's changes reach Parvis. One transaction: a worker
    killed midway leaves Parvis as before, and the next run does it all."""
    if not settings.LDAP_SERVER_URI:
        return {}
    _plan, counts = directory_sync()
    return counts or {}


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sweep_sign_in_sessions() -> int:
    """Daily: the open-sessions list forgets sessions past their age."""
    return sessions_sweep()
