"""Route Wagtail's django-tasks (search index, reference index, file clean-up) to Celery.

django-tasks-celery needs Python 3.12, so Parvis carries this small backend. Each task is sent to
Celery once the surrounding transaction commits, so a worker never reads uncommitted rows. If the
broker cannot be reached, the task runs inline instead: the save that triggered it still succeeds
and the index stays right, only slower; a task that fails there is kept in the outbox.
"""

import logging
from typing import Any

from django.db import transaction

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

from ..tasks import run_django_task
from .queueing import run_or_keep

logger = logging.getLogger(__name__)


class CeleryTaskBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(
            lambda: send_to_celery(task.module_path, list(args), dict(kwargs)),
            robust=True,
        )
        return result


def send_to_celery(module_path: str, args: list, kwargs: dict) -> None:
    """To a worker; when the broker cannot be reached (or, in `make run`, where Celery runs
    tasks in place, when the task fails), here and now, and failing that into the outbox that
    beat retries (cms/core/queueing.py): the save that triggered it has succeeded already."""
    try:
        run_django_task.apply_async(args=[module_path, args, kwargs])
    except Exception:  # noqa: BLE001 (kombu raises several kinds when Redis is down)
        logger.warning("Broker unreachable: running %s inline", module_path, exc_info=True)
        run_or_keep(run_django_task, [module_path, args, kwargs])
