"""Notifications about conversations: a mention tells the mentioned participant (never someone
outside the conversation), and disappears from their list if they stop reading it."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from social import markup
from social.comments.services import mentioned_users
from social.notifications.models import Notification
from social.notifications.services import SubjectRule, notify

from . import permissions
from .models import Conversation, Message, MessageReport

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


def notifications_for_visio(*, message_id: int) -> int:
    """A meeting started in a conversation: everyone who reads it is invited (once each)."""
    message = (
        Message.objects.select_related("conversation", "conversation__group", "author")
        .filter(pk=message_id, kind=Message.Kind.VISIO, deleted_at__isnull=True)
        .first()
    )
    if message is None or message.author is None:
        return 0
    conversation, made = message.conversation, 0
    for person in permissions.conversation_readers(conversation).exclude(pk=message.author_id):
        made += bool(
            notify(
                recipient=person,
                kind=Kind.VISIO,
                actor=message.author,
                title=_("Visio : %(place)s") % {"place": conversation_label(conversation)},
                url=message.get_absolute_url(),
                event_key=f"visio:{message.pk}",
                conversation=conversation,
            )
        )
    return made


def notifications_for_report_outcome(*, report_id: int) -> bool:
    """Whoever reported a message is told what became of it."""
    report = (
        MessageReport.objects.select_related("message__conversation__group", "reporter")
        .filter(pk=report_id, resolved_at__isnull=False)
        .first()
    )
    if report is None:
        return False
    removed = report.outcome == MessageReport.Outcome.REMOVED
    return bool(
        notify(
            recipient=report.reporter,
            kind=Kind.REPORT_OUTCOME,
            actor=None,
            title=_("Le message que vous avez signalé a été retiré.")
            if removed
            else _("Le message que vous avez signalé a été examiné et conservé."),
            url=report.message.get_absolute_url(),
            excerpt=markup.to_text(report.excerpt),
            detail=report.outcome,
            event_key=f"message-report:{report.pk}",
            conversation=report.message.conversation,
        )
    )


def conversation_label(conversation) -> str:
    if conversation.is_channel:
        return conversation.group.name
    return conversation.name or _("conversation privée")


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
