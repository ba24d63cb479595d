"""The messaging's Celery tasks: mention notifications after a message commits, and the nightly
retention (thin wrappers, retried as every notification task)."""

from celery import shared_task

from social.mail.tasks import send_outbox
from social.notifications.tasks import RETRY

from . import antivirus, mailing, notifications


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
def email_unread_messages() -> int:
    """Every minute: unread private messages by e-mail, for those who chose so."""
    written = mailing.unread_messages_email()
    if written:
        send_outbox.delay()
    return written


@shared_task(**RETRY)
def scan_attachments(message_id: int) -> dict:
    """After a message with documents commits: the antivirus's verdict on each."""
    return antivirus.attachments_scan(message_id=message_id)


@shared_task(acks_late=True)
def sweep_pending_attachments() -> dict:
    """Every five minutes: documents still waiting (clamd was down, the broker too)."""
    return antivirus.attachments_scan(older_than=60)
