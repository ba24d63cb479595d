"""The e-mail work of Celery: thin wrappers, idempotent, retried (the outbox keeps what was not
sent; the beat sweeps pick up what a killed worker left)."""

from datetime import datetime

from django.conf import settings
from django.db import DatabaseError

from celery import shared_task

from . import digest, outbox, services

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def send_outbox() -> dict:
    counts = outbox.outbox_send()
    if counts["sent"] + counts["bounced"] >= settings.MAIL_SEND_BATCH and not counts["delayed"]:
        send_outbox.delay()  # more are waiting: the next batch, after other tasks
    return counts


@shared_task(**RETRY)
def send_notification_emails() -> int:
    written = services.notification_emails_send()
    if written:
        send_outbox.delay()
    return written


@shared_task(**RETRY)
def queue_digests(at: str | None = None) -> int:
    """Every quarter of an hour: the digests due and not written, in batches (a worker killed
    mid-batch leaves people without their period's row: the next run queues them again).
    `at`: an ISO time to act as if it were (catching up a given period by hand)."""
    queued = 0
    size = settings.DIGEST_BATCH_SIZE
    now = datetime.fromisoformat(at) if at else None
    for period, people in digest.digests_pending(now):
        for start in range(0, len(people), size):
            send_digest_batch.delay(people[start : start + size], period)
            queued += len(people[start : start + size])
    return queued


@shared_task(**RETRY)
def send_digest_batch(user_ids: list[int], period: str) -> dict:
    results: dict[str, int] = {}
    for user_id in user_ids:
        result = digest.digest_send(user_id=user_id, period=period)
        results[result] = results.get(result, 0) + 1
    if results.get("sent"):
        send_outbox.delay()
    return results
