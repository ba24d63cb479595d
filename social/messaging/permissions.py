"""Who may do what in conversations: one function per question, used by views, the live
stream, search, notifications, mentions and templates alike.

- A direct or small conversation is read by its participants who have not left it, nobody
  else: not the administrators, not the superusers (messages are private correspondence).
- A group's channel is read by the group's active members, whatever its participant rows say:
  leaving the group, or being removed from it, closes the channel at once; a secret group's
  channel is invisible outside it.
- An inactive account reads and writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from social.groups.models import Group, Membership
from social.groups.permissions import (
    can_admin_group,
    can_post_in_group,
    member_group_ids,
    memberships_of,
)
from social.people.audience import per_user_cached

from .models import Block, Conversation, Message, Participant

if TYPE_CHECKING:
    from social.people.models import User


def places_generation(user_id: int) -> str:
    """The counter bumped whenever `user_id` joins or leaves a conversation (services.py)."""
    return f"conversations:{user_id}"


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def joined_conversation_ids(user: User) -> frozenset[int]:
    """The direct and small conversations `user` takes part in (not left), cached per user
    until they join or leave one."""
    if not _active(user):
        return frozenset()
    return per_user_cached(
        user,
        "conversations",
        lambda person: frozenset(
            Participant.objects.filter(
                user=person, left_at__isnull=True, conversation__group__isnull=True
            ).values_list("conversation_id", flat=True)
        ),
        generations=(places_generation(user.pk),),
    )


def readable_conversation_filter(user: User) -> Q:
    """A filter on Conversation keeping those `user` may read."""
    if not _active(user):
        return Q(pk__in=[])
    return Q(pk__in=joined_conversation_ids(user)) | Q(
        kind=Conversation.Kind.CHANNEL, group_id__in=member_group_ids(user)
    )


def readable_message_filter(user: User, prefix: str = "conversation__") -> Q:
    """The same rule as a filter on a model pointing to Conversation (Message, Participant)."""
    if not _active(user):
        return Q(pk__in=[])
    return Q(**{f"{prefix}pk__in": joined_conversation_ids(user)}) | Q(
        **{
            f"{prefix}kind": Conversation.Kind.CHANNEL,
            f"{prefix}group_id__in": member_group_ids(user),
        }
    )


def can_read_conversation(user: User, conversation: Conversation) -> bool:
    if not _active(user):
        return False
    if conversation.is_channel:
        return conversation.group_id in member_group_ids(user)
    return conversation.pk in joined_conversation_ids(user)


def readable_conversation_or_404(user: User, pk: int) -> Conversation:
    """The conversation `pk` if `user` may read it; otherwise Http404, the same answer as for a
    conversation that does not exist (nobody learns that it does)."""
    conversation = Conversation.objects.select_related("group").filter(pk=pk).first()
    if conversation is None or not can_read_conversation(user, conversation):
        raise Http404
    return conversation


def is_blocked(*, sender: User, recipient: User) -> bool:
    """Has `recipient` blocked `sender`?"""
    return Block.objects.filter(blocker=recipient, blocked=sender).exists()


def direct_partner(user: User, conversation: Conversation):
    """The other person of a direct conversation (None if it is not one)."""
    if not conversation.is_direct:
        return None
    first, second = (int(part) for part in conversation.direct_key.split(":"))
    other_id = second if first == user.pk else first
    return get_user_model().objects.filter(pk=other_id).first()


def can_write(user: User, conversation: Conversation) -> bool:
    """May `user` post in this conversation (read it, and: a channel's group lets them post; the
    other person of a direct conversation is active and has not blocked them)."""
    if not can_read_conversation(user, conversation):
        return False
    if conversation.is_channel:
        return can_post_in_group(user, conversation.group)
    if conversation.is_direct:
        partner = direct_partner(user, conversation)
        return (
            partner is not None
            and partner.is_active
            and not is_blocked(sender=user, recipient=partner)
        )
    return True


def can_start_direct(user: User, other: User) -> bool:
    """May `user` write to `other` directly: both active, not the same person, not blocked."""
    return (
        _active(user)
        and other.is_active
        and other.pk != user.pk
        and not is_blocked(sender=user, recipient=other)
    )


def can_manage_members(user: User, conversation: Conversation) -> bool:
    """Add people: any participant of a small conversation (a channel follows its group)."""
    return conversation.is_group and can_read_conversation(user, conversation)


def can_moderate(user: User, conversation: Conversation) -> bool:
    """Pin and unpin for everyone, remove others' messages: a channel's group admins; in a
    direct or small conversation every participant pins, nobody removes another's words."""
    if conversation.is_channel:
        return can_read_conversation(user, conversation) and can_admin_group(
            user, conversation.group
        )
    return False


def can_pin(user: User, conversation: Conversation) -> bool:
    if conversation.is_channel:
        return can_moderate(user, conversation)
    return can_read_conversation(user, conversation)


def can_edit_message(user: User, message: Message, *, now=None) -> bool:
    """The author, within MESSAGING_EDIT_HOURS, while they still read the conversation."""
    return (
        _active(user)
        and message.kind == Message.Kind.TEXT
        and message.author_id == user.pk
        and not message.is_deleted
        and (now or timezone.now()) <= message.editable_until()
    )


def can_delete_message(user: User, message: Message, conversation: Conversation) -> bool:
    if message.is_deleted or not _active(user):
        return False
    return can_edit_message(user, message) or can_moderate(user, conversation)


def can_report(user: User, message: Message, conversation: Conversation) -> bool:
    """Report a message: a reader, not its author, a written message still there."""
    return (
        message.kind == Message.Kind.TEXT
        and not message.is_deleted
        and message.author_id != user.pk
        and can_read_conversation(user, conversation)
    )


def handles_private_reports(user: User) -> bool:
    """Reports of direct and small conversations go to the communication officers (those who
    moderate comments; superusers included)."""
    return _active(user) and user.has_perm("comments.moderate_comment")


def administered_group_ids(user: User) -> list[int]:
    return [
        group_id
        for group_id, (state, role) in memberships_of(user).items()
        if state == Membership.State.ACTIVE and role == Membership.Role.ADMIN
    ]


def handles_reports(user: User) -> bool:
    """Does `user` handle any report: a communication officer, or a group's administrator?"""
    return _active(user) and (handles_private_reports(user) or bool(administered_group_ids(user)))


def report_queue_filter(user: User) -> Q:
    """A filter on MessageReport keeping those `user` handles: their groups' channels (as a
    group administrator), and the others if they are a communication officer."""
    if not _active(user):
        return Q(pk__in=[])
    admin_of = administered_group_ids(user)
    rule = Q(message__conversation__group_id__in=admin_of)
    if handles_private_reports(user):
        rule |= Q(message__conversation__group__isnull=True)
    return rule


def can_handle_report(user: User, report) -> bool:
    conversation = report.message.conversation
    if conversation.is_channel:
        return can_admin_group(user, conversation.group) and _active(user)
    return handles_private_reports(user)


def conversation_abilities(user: User, conversation: Conversation) -> dict[str, bool]:
    """Which buttons the conversation's page shows `user` (the views check the same
    functions)."""
    return {
        "write": can_write(user, conversation),
        "add": can_manage_members(user, conversation),
        "leave": conversation.is_group,
        "rename": conversation.is_group,
        "pin": can_pin(user, conversation),
        "moderate": can_moderate(user, conversation),
        "visio": bool(settings.VISIO_PROVIDER) and can_write(user, conversation),
    }


def message_abilities(user: User, message: Message, conversation: Conversation, *, now=None):
    now = now or timezone.now()
    return {
        "edit": can_edit_message(user, message, now=now),
        "delete": can_delete_message(user, message, conversation),
        "report": can_report(user, message, conversation),
    }


def conversation_readers(conversation: Conversation):
    """The people who read `conversation` now, as a queryset (mention suggestions)."""
    users = get_user_model().objects.filter(is_active=True)
    if conversation.is_channel:
        return users.filter(
            group_memberships__group_id=conversation.group_id,
            group_memberships__state=Membership.State.ACTIVE,
        )
    return users.filter(
        conversation_places__conversation=conversation, conversation_places__left_at__isnull=True
    )


def conversation_writers_readers(user: User, conversation_id: int):
    """Whom `user`, writing in conversation `conversation_id`, may mention: its readers; Http404
    if they may not write there."""
    conversation = readable_conversation_or_404(user, conversation_id)
    if not can_write(user, conversation):
        raise Http404
    return conversation_readers(conversation)


def channel_group_for(user: User, group_id: int) -> Group:
    """The group whose channel `user` opens: they must be an active member (404 otherwise)."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None or group.pk not in member_group_ids(user) or not _active(user):
        raise Http404
    return group
