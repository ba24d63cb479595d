"""A commission's folders follow it, and its members' rights follow its membership, at once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from knowledge.search.index import search_item_remove
from knowledge.search.tasks import sync_search_rows_after_commit

from .models import Commission, CommissionMember, Deliberation, Meeting
from .services import commission_folders_ensure, commission_members_sync


@receiver(post_save, sender=Commission)
def commission_saved(sender, instance: Commission, raw=False, **kwargs) -> None:
    if not raw:
        commission_folders_ensure(instance)
        ids = list(
            Deliberation.objects.filter(meeting__commission=instance).values_list("pk", flat=True)
        )
        if ids:
            sync_search_rows_after_commit(Deliberation, ids)


@receiver(post_save, sender=CommissionMember)
@receiver(post_delete, sender=CommissionMember)
def membership_changed(sender, instance: CommissionMember, raw=False, **kwargs) -> None:
    if raw:
        return
    commission = Commission.objects.filter(pk=instance.commission_id).first()
    if commission is not None:
        commission_members_sync(commission)


@receiver(post_save, sender=Deliberation)
def deliberation_saved(sender, instance: Deliberation, raw=False, **kwargs) -> None:
    if not raw:
        sync_search_rows_after_commit(Deliberation, [instance.pk])


@receiver(post_delete, sender=Deliberation)
def deliberation_deleted(sender, instance: Deliberation, **kwargs) -> None:
    search_item_remove(instance)


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance: Meeting, raw=False, **kwargs) -> None:
    """Published or not: its deliberations' access keys follow."""
    if not raw:
        ids = list(instance.deliberations.values_list("pk", flat=True))
        if ids:
            sync_search_rows_after_commit(Deliberation, ids)
