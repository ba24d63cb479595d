"""The comments' Celery tasks: notifications made after the comment's transaction commits
(thin wrappers around notifications.py, retried as every notification task)."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import notifications


@shared_task(**RETRY)
def notify_comment_posted(comment_id: int) -> int:
    return notifications.notifications_for_comment(comment_id=comment_id)


@shared_task(**RETRY)
def notify_comment_moderated(comment_id: int, detail: str) -> bool:
    return notifications.notifications_for_moderation(comment_id=comment_id, detail=detail)


@shared_task(**RETRY)
def notify_reports_resolved(report_ids: list[int]) -> int:
    return notifications.notifications_for_reports(report_ids=report_ids)
