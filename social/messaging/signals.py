"""Keep what depends on messages in step: their search rows, open pages when someone reacts,
and the channels with their groups: a member who joins gets a place (reading from
now), one who leaves or is removed loses it at once (the rights themselves follow the group's
membership in permissions.py, whatever these rows say)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from knowledge.search.index import search_item_remove
from knowledge.search.tasks import sync_search_rows_after_commit
from social.groups.models import Membership
from social.reactions.models import Reaction

from . import retention
from .models import Conversation, Message
from .services import channel_places_sync, conversation_changed


def connect() -> None:
    post_save.connect(member_changed, sender=Membership, dispatch_uid="messaging-member-save")
    post_delete.connect(member_changed, sender=Membership, dispatch_uid="messaging-member-gone")
    post_save.connect(message_saved, sender=Message, dispatch_uid="messaging-message-search")
    post_delete.connect(message_deleted, sender=Message, dispatch_uid="messaging-message-gone")
    post_save.connect(reaction_changed, sender=Reaction, dispatch_uid="messaging-reaction-save")
    post_delete.connect(reaction_changed, sender=Reaction, dispatch_uid="messaging-reaction-gone")


def reaction_changed(sender, instance: Reaction, raw: bool = False, **kwargs) -> None:
    """A reaction to a message: the open pages of its conversation redraw the message."""
    if raw or instance.target_type_id != ContentType.objects.get_for_model(Message).pk:
        return
    message = Message.objects.filter(pk=instance.target_id).select_related("conversation").first()
    if message is not None:
        Message.objects.filter(pk=message.pk).update(updated_at=timezone.now())
        conversation_changed(message.conversation)


def message_saved(sender, instance: Message, raw: bool = False, **kwargs) -> None:
    """A message's search row follows it (edited, deleted: gone)."""
    if not raw and instance.kind == Message.Kind.TEXT:
        sync_search_rows_after_commit(Message, [instance.pk])


def message_deleted(sender, instance: Message, **kwargs) -> None:
    if not retention.removing_in_bulk():
        search_item_remove(instance)


def member_changed(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw or not Conversation.objects.filter(group_id=instance.group_id).exists():
        return
    group_id = instance.group_id
    transaction.on_commit(lambda: channel_places_sync(group_id=group_id))
