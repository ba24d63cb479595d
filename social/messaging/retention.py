"""Retention: messages are kept as long as the administrators declared for each kind of
conversation (MESSAGING_RETENTION_DAYS, e.g. direct messages 12 months), deleted nightly."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cms.core.media import file_delete_on_commit
from knowledge.search.index import search_items_remove_many
from social.comments.signals import forget_discussions

from .models import Conversation, Message, MessageAttachment

_BULK: ContextVar[bool] = ContextVar("messages_removed_in_bulk", default=False)


@contextlib.contextmanager
def removed_in_bulk():
    """Inside: deleted messages leave their search rows to the caller (retention)."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


def removing_in_bulk() -> bool:
    return _BULK.get()


def messages_purge(*, now=None, batch: int = 5000) -> int:
    """Delete the messages older than their kind of conversation keeps them
    (MESSAGING_RETENTION_DAYS: 0 keeps them), by batches; how many were deleted."""
    now = now or timezone.now()
    return sum(
        messages_of_kind_purge(kind, now - timedelta(days=days), batch=batch)
        for kind, days in settings.MESSAGING_RETENTION_DAYS.items()
        if days
    )


def messages_of_kind_purge(kind: str, cutoff, *, batch: int = 5000) -> int:
    """Delete the messages of `kind` of conversation written before `cutoff` (the retention
    task, social/privacy/), by batches; how many were deleted."""
    deleted = 0
    while True:
        ids = list(
            Message.objects.filter(conversation__kind=kind, created_at__lt=cutoff).values_list(
                "pk", flat=True
            )[:batch]
        )
        if not ids:
            break
        with transaction.atomic():
            conversations = set(
                Message.objects.filter(pk__in=ids).values_list("conversation_id", flat=True)
            )
            # Their search rows and reactions go in a few statements, not one per message.
            search_items_remove_many(Message, ids)
            for attachment in MessageAttachment.objects.filter(message_id__in=ids):
                file_delete_on_commit(attachment.file)
            forget_discussions(Message, ids)
            with removed_in_bulk():
                deleted += Message.objects.filter(pk__in=ids).delete()[0]
            _last_messages_refresh(conversations)
    return deleted


def _last_messages_refresh(conversation_ids: Iterable[int]) -> None:
    """Each conversation's newest message again, after older ones were deleted."""
    newest = dict(
        Message.objects.filter(conversation_id__in=conversation_ids)
        .values("conversation_id")
        .annotate(last=Max("pk"))
        .values_list("conversation_id", "last")
    )
    dates = dict(Message.objects.filter(pk__in=newest.values()).values_list("pk", "created_at"))
    for conversation_id in conversation_ids:
        last = newest.get(conversation_id)
        Conversation.objects.filter(pk=conversation_id).update(
            last_message_id=last, last_message_at=dates.get(last)
        )
