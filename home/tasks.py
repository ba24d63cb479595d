"""Home's Celery work: the reminders of a mandatory reading (a thin wrapper, retried)."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import reading


@shared_task(**RETRY)
def send_read_reminders(requirement_id: int) -> int:
    return reading.read_reminders_send(requirement_id=requirement_id)
