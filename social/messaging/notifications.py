"""Notifications about conversations: a mention tells the mentioned participant (never someone
outside the conversation), and disappears from their list if they stop reading it."""

from __future__ import annotations

from django.db.models import Q

from social import markup
from social.comments.services import mentioned_users
from social.notifications.models import Notification
from social.notifications.services import SubjectRule, notify

from . import permissions
from .models import Conversation, Message

Kind = Notification.Kind


def notifications_for_message_mentions(*, message_id: int) -> int:
    message = (
        Message.objects.select_related("conversation", "conversation__group", "author")
        .filter(pk=message_id, deleted_at__isnull=True)
        .first()
    )
    if message is None or message.author is None:
        return 0
    conversation, made = message.conversation, 0
    for person in mentioned_users(message.body).values():
        if person.pk == message.author_id:
            continue
        if not permissions.can_read_conversation(person, conversation):
            continue
        made += bool(
            notify(
                recipient=person,
                kind=Kind.MENTION,
                actor=message.author,
                title=str(conversation)
                if not conversation.is_direct
                else message.author.get_full_name(),
                url=message.get_absolute_url(),
                excerpt=markup.to_text(message.body),
                event_key=f"mention:message:{message.pk}",
                conversation=conversation,
            )
        )
    return made


CONVERSATION_SUBJECT_RULE = SubjectRule(
    field="conversation",
    allows=lambda user, kind, conversation: permissions.can_read_conversation(user, conversation),
    visible=lambda user: (
        Q(conversation__isnull=True)
        | Q(
            conversation__in=Conversation.objects.filter(
                permissions.readable_conversation_filter(user)
            )
        )
    ),
)
