"""The agenda's Celery tasks: thin wrappers around notifications.py and occurrences.py, retried
as every notification task, idempotent (event keys and `Delivery` rows); the e-mails they write
leave through the outbox, whose sender they wake."""

from celery import shared_task

from social.mail.tasks import send_outbox
from social.notifications.tasks import RETRY

from . import notifications, occurrences


@shared_task(**RETRY)
def notify_group_event(event_id: int) -> int:
    return notifications.notifications_for_group_event(event_id=event_id)


@shared_task(**RETRY)
def notify_event_changed(
    event_id: int, detail: str, sequence: int, actor_id: int | None = None
) -> int:
    made = notifications.notifications_for_event_change(
        event_id=event_id, detail=detail, sequence=sequence, actor_id=actor_id
    )
    send_outbox.delay()  # the updated invitations written meanwhile
    return made


@shared_task(**RETRY)
def notify_promoted(registration_id: int) -> bool:
    return notifications.notifications_for_promoted(registration_id=registration_id)


@shared_task(**RETRY)
def send_invitation(registration_id: int, method: str) -> bool:
    written = notifications.invitation_send(registration_id=registration_id, method=method)
    if written:
        send_outbox.delay()
    return written


@shared_task(**RETRY)
def notify_participants_message(event_id: int, author_id: int, body: str, stamp: float) -> int:
    return notifications.notifications_for_participants_message(
        event_id=event_id, author_id=author_id, body=body, stamp=stamp
    )


@shared_task(**RETRY)
def send_reminders() -> int:
    sent = notifications.reminders_send()
    if sent:
        send_outbox.delay()
    return sent


@shared_task(**RETRY)
def extend_occurrences() -> int:
    return occurrences.occurrences_extend()
