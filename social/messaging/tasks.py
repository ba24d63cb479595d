"""The messaging's Celery tasks: mention notifications after a message commits, and the nightly
retention (thin wrappers, retried as every notification task)."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import notifications, retention


@shared_task(**RETRY)
def notify_message_mentions(message_id: int) -> int:
    return notifications.notifications_for_message_mentions(message_id=message_id)


@shared_task(**RETRY)
def notify_visio(message_id: int) -> int:
    return notifications.notifications_for_visio(message_id=message_id)


@shared_task(**RETRY)
def notify_report_outcome(report_id: int) -> bool:
    return notifications.notifications_for_report_outcome(report_id=report_id)


@shared_task(acks_late=True)
def purge_old_messages() -> int:
    return retention.messages_purge()
