"""The reactions' Celery task: the author told, after the reaction commits."""

from celery import shared_task

from social.notifications.tasks import RETRY

from . import notifications


@shared_task(**RETRY)
def notify_reaction_added(reaction_id: int) -> bool:
    return notifications.notifications_for_reaction(reaction_id=reaction_id)
