"""Handing work to Celery from a request: after the transaction commits, and never lost when
Redis cannot be reached (CONVENTIONS: bad input and broken services lose nothing)."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def queue_after_commit(task, *args, inline_when_down: bool = True) -> None:
    """Send `task(*args)` to a worker once the current transaction commits (a worker must
    never look for rows not yet committed). When the broker cannot be reached, the task runs
    here and now (`inline_when_down`: slower for this request, nothing lost), or is left to
    the sweep that finds the work again in the database."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 (kombu raises several kinds when Redis is down)
            if not inline_when_down:
                logger.warning("Broker unreachable: %s%s left for the sweep", task.name, args)
                return
            logger.warning("Broker unreachable: %s%s run inline", task.name, args, exc_info=True)
            try:
                task.run(*args)
            except Exception:
                logger.exception("%s%s failed inline", task.name, args)

    transaction.on_commit(send)
