"""Keep the channels in step with their groups: a member who joins gets a place (reading from
now), one who leaves or is removed loses it at once (the rights themselves follow the group's
membership in permissions.py, whatever these rows say)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from social.groups.models import Membership

from .models import Conversation
from .services import channel_places_sync


def connect() -> None:
    post_save.connect(member_changed, sender=Membership, dispatch_uid="messaging-member-save")
    post_delete.connect(member_changed, sender=Membership, dispatch_uid="messaging-member-gone")


def member_changed(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw or not Conversation.objects.filter(group_id=instance.group_id).exists():
        return
    group_id = instance.group_id
    transaction.on_commit(lambda: channel_places_sync(group_id=group_id))
