"""Unread messages by e-mail: a person who has not read a private conversation (or a small
discussion) some minutes after a message came is told by e-mail, as they chose for « Messages
directs non lus » (by default: if still unread after 15 minutes). The e-mail names who wrote and
how many messages, never what they say: private messages stay in Parvis.

Every minute, `unread_messages_email()` looks at the places whose conversation moved in the
last day past what the person read and past what an e-mail already told them; each e-mail is
written to the outbox in the transaction that moves `emailed_up_to_id`, so nobody is told twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from social.mail.compose import absolute, compose, language_of
from social.mail.outbox import mail_queue
from social.notifications.models import EMAIL_CHANNELS, Channel, Notification
from social.notifications.services import channel_of

from .models import Conversation, Message, Participant
from .selectors import conversation_title

KIND = Notification.Kind.MESSAGE
WINDOW = timedelta(hours=24)


def _subject(authors: list[str], count: int, conversation: Conversation, title: str) -> str:
    if conversation.is_direct:
        return ngettext(
            "%(name)s vous a écrit un message",
            "%(name)s vous a écrit %(count)d messages",
            count,
        ) % {"name": title, "count": count}
    return ngettext(
        "%(count)d message non lu dans « %(title)s »",
        "%(count)d messages non lus dans « %(title)s »",
        count,
    ) % {"count": count, "title": title}


def _tell(place: Participant, now) -> bool:
    """Write the e-mail of `place` if its time has come; True when one was written."""
    user, conversation = place.user, place.conversation
    channel = channel_of(user, KIND)
    unread = (
        Message.objects.filter(
            conversation=conversation,
            pk__gt=max(place.last_read_id, place.emailed_up_to_id),
            deleted_at__isnull=True,
            created_at__gte=place.joined_at,
        )
        .exclude(kind=Message.Kind.EVENT)
        .exclude(author=user)
        .select_related("author")
        .order_by("pk")
    )
    messages = list(unread[:100])
    if channel not in EMAIL_CHANNELS or not messages:
        place.emailed_up_to_id = conversation.last_message_id or place.emailed_up_to_id
        place.save(update_fields=["emailed_up_to_id"])
        return False
    wait = timedelta(minutes=settings.NOTIFICATIONS_EMAIL_UNREAD_MINUTES)
    if channel == Channel.UNREAD and messages[0].created_at > now - wait:
        return False  # not yet: they may read it in Parvis meanwhile
    title = conversation_title(user, conversation)
    authors = sorted({message.author.get_full_name() for message in messages if message.author})
    mail_queue(
        **compose(
            user=user,
            kind=KIND,
            template="message",
            context={
                "authors": authors,
                "count": len(messages),
                "conversation_title": title,
                "url": absolute(conversation.get_absolute_url()),
            },
            subject=lambda: _subject(authors, len(messages), conversation, title),
            language=language_of(user),
        )
    )
    place.emailed_up_to_id = messages[-1].pk
    place.save(update_fields=["emailed_up_to_id"])
    return True


def unread_messages_email(*, now=None) -> int:
    """Write the e-mails of unread private messages whose time has come; returns how many."""
    now = now or timezone.now()
    written = 0
    with transaction.atomic():
        places = (
            Participant.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                left_at__isnull=True,
                muted=False,
                user__is_active=True,
                user__email__isnull=False,
                conversation__kind__in=(Conversation.Kind.DIRECT, Conversation.Kind.GROUP),
                conversation__last_message_at__gte=now - WINDOW,
                conversation__last_message_id__gt=F("last_read_id"),
            )
            .filter(conversation__last_message_id__gt=F("emailed_up_to_id"))
            .exclude(user__email="")
            .select_related("user", "conversation")
            .order_by("pk")
        )
        for place in places:
            written += _tell(place, now)
    return written
