"""Handing work to Celery from a request: after the transaction commits, and never lost when
Redis cannot be reached or the work fails when run in its place (CONVENTIONS: bad input and
broken services lose nothing)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import PendingTask

logger = logging.getLogger(__name__)

RETRY_BATCH = 100
MAX_BACKOFF = timedelta(hours=1)


def queue_after_commit(task, *args, inline_when_down: bool = True) -> None:
    """Send `task(*args)` to a worker once the current transaction commits (a worker must
    never look for rows not yet committed). When the broker cannot be reached, the task runs
    here and now (`inline_when_down`: slower for this request), or is left to the sweep that
    finds the work again in the database. Work that can be neither sent nor run is kept in the
    outbox (`PendingTask`) and retried every minute; the request that asked for it succeeds."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 (kombu raises several kinds when Redis is down)
            if not inline_when_down:
                logger.warning("Broker unreachable: %s%s left for the sweep", task.name, args)
                return
            logger.warning("Broker unreachable: %s%s run inline", task.name, args, exc_info=True)
            run_or_keep(task, list(args))

    transaction.on_commit(send)


def run_or_keep(task, args: list, pending: PendingTask | None = None) -> bool:
    """Run `task(*args)` here; if it fails, keep it (or count the failed attempt) in the outbox.
    True when it ran."""
    try:
        task.run(*args)
    except Exception as error:
        logger.exception("%s%s failed inline: kept for a retry", task.name, args)
        if pending is None:
            pending = PendingTask(task=task.name, args=args)
        pending.attempts += 1
        pending.last_error = f"{type(error).__name__}: {error}"[:2000]
        delay = min(timedelta(minutes=2**pending.attempts), MAX_BACKOFF)
        pending.next_attempt_at = timezone.now() + delay
        pending.save()
        return False
    if pending is not None:
        pending.delete()
    return True


def pending_tasks_retry(*, app) -> int:
    """Send or run what the outbox holds and whose time has come; how many got done."""
    done = 0
    due = PendingTask.objects.filter(next_attempt_at__lte=timezone.now()).order_by("pk")
    for pending in due[:RETRY_BATCH]:
        task = app.tasks.get(pending.task)
        if task is None:
            logger.error("Outbox: unknown task %s, kept", pending.task)
            continue
        try:
            task.delay(*pending.args)
        except Exception:  # noqa: BLE001 (the broker is still down)
            done += run_or_keep(task, pending.args, pending)
        else:
            pending.delete()
            done += 1
    return done
