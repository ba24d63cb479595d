"""Celery tasks making notifications: thin, idempotent wrappers around services.py, retried
with backoff when the database hiccups."""

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
def notify_comment_posted(comment_id: int) -> int:
    return services.notifications_for_comment(comment_id=comment_id)


@shared_task(**RETRY)
def notify_reaction_added(reaction_id: int) -> bool:
    return services.notifications_for_reaction(reaction_id=reaction_id)


@shared_task(**RETRY)
def notify_comment_moderated(comment_id: int, detail: str) -> bool:
    return services.notifications_for_moderation(comment_id=comment_id, detail=detail)


@shared_task(**RETRY)
def notify_reports_resolved(report_ids: list[int]) -> int:
    return services.notifications_for_reports(report_ids=report_ids)


@shared_task(**RETRY)
def notify_workflow_outcome(workflow_state_id: int, approved: bool) -> bool:
    return services.notifications_for_workflow(
        workflow_state_id=workflow_state_id, approved=approved
    )


@shared_task(**RETRY)
def notify_group_post(post_id: int) -> int:
    from social.groups.notifications import notifications_for_group_post

    return notifications_for_group_post(post_id=post_id)


@shared_task(**RETRY)
def notify_group_request(membership_id: int) -> int:
    from social.groups.notifications import notifications_for_group_request

    return notifications_for_group_request(membership_id=membership_id)


@shared_task(**RETRY)
def notify_group_decision(
    membership_id: int, group_id: int, user_id: int, admin_id: int, approved: bool
) -> bool:
    from social.groups.notifications import notifications_for_group_decision

    return notifications_for_group_decision(
        membership_id=membership_id,
        group_id=group_id,
        user_id=user_id,
        admin_id=admin_id,
        approved=approved,
    )


@shared_task(**RETRY)
def notify_group_invitation(membership_id: int) -> bool:
    from social.groups.notifications import notifications_for_group_invitation

    return notifications_for_group_invitation(membership_id=membership_id)
