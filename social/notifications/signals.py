"""Wagtail's workflow outcomes become notifications for whoever submitted the page."""

from django.dispatch import receiver

from wagtail.signals import workflow_approved, workflow_rejected

from cms.core.queueing import queue_after_commit

from .tasks import notify_workflow_outcome


@receiver(workflow_approved)
def tell_approved(sender, instance, user=None, **kwargs):
    queue_after_commit(notify_workflow_outcome, instance.pk, True)


@receiver(workflow_rejected)
def tell_rejected(sender, instance, user=None, **kwargs):
    queue_after_commit(notify_workflow_outcome, instance.pk, False)
