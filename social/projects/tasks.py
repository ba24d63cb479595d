"""The projects' Celery tasks: thin wrappers around notifications.py, idempotent, sent after
the change commits (cms/core/queueing.py) or by the beat."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import notifications


@shared_task(**RETRY)
def notify_task_change(change_id: int, assigned_ids: list[int], created: bool) -> int:
    return notifications.notifications_for_task_change(
        change_id=change_id, assigned_ids=assigned_ids, created=created
    )


@shared_task(**RETRY)
def notify_due_tasks() -> int:
    return notifications.notifications_for_due_tasks()
