"""The retry policy of every task that makes notifications (comments, reactions and groups have
their own tasks.py, using it), and the task of Wagtail's workflow outcomes."""

from django.db import DatabaseError

from celery import shared_task

from . import services

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def notify_workflow_outcome(workflow_state_id: int, approved: bool) -> bool:
    return services.notifications_for_workflow(
        workflow_state_id=workflow_state_id, approved=approved
    )
