"""The groups' Celery tasks: notifications about posts and memberships, made after the change
commits (thin wrappers around notifications.py, retried as every notification task)."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import notifications


@shared_task(**RETRY)
def notify_group_post(post_id: int) -> int:
    return notifications.notifications_for_group_post(post_id=post_id)


@shared_task(**RETRY)
def notify_group_request(membership_id: int) -> int:
    return notifications.notifications_for_group_request(membership_id=membership_id)


@shared_task(**RETRY)
def notify_group_decision(
    membership_id: int, group_id: int, user_id: int, admin_id: int, approved: bool
) -> bool:
    return notifications.notifications_for_group_decision(
        membership_id=membership_id,
        group_id=group_id,
        user_id=user_id,
        admin_id=admin_id,
        approved=approved,
    )


@shared_task(**RETRY)
def notify_group_invitation(membership_id: int) -> bool:
    return notifications.notifications_for_group_invitation(membership_id=membership_id)
