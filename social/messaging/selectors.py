"""What the messaging pages read: a person's conversations with their unread counts, the total
badge, a conversation's messages (latest first, older on demand, what changed since the page was
drawn) and who has seen what. Every count is computed here from the participants' reading
positions, never kept as a counter that could drift."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q

from knowledge.search.query import Filters, items_for
from social.reactions.selectors import reaction_summaries

from . import permissions
from .models import Conversation, Message, MessageAttachment, Participant

if TYPE_CHECKING:
    from social.people.models import User

UNREAD_CAP = 100  # counting stops there: « 99+ »
SEARCH_LIMIT = 50


UNREAD_TIMEOUT = 300


def _unread_key(user_id: int) -> str:
    return f"messages-unread:{user_id}"


def unread_forget(user_ids) -> None:
    """Count again at their next page (services tell whose count a change may touch)."""
    cache.delete_many([_unread_key(user_id) for user_id in user_ids])


def unread_total(user: User) -> int:
    """The number on the header's badge (on every page), kept in the cache until a change
    touches it (services._tell) and counted from the reading positions."""
    if not user.is_authenticated or not user.is_active:
        return 0
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = unread_count(user)
        cache.set(_unread_key(user.pk), count, UNREAD_TIMEOUT)
    return count


def unread_count(user: User) -> int:
    """Unread messages (others', not deleted, above the reader's position) of the
    conversations `user` reads and has not muted, plus one per conversation they marked
    unread. The conditions on the reader's place are in one filter, so that they all apply to
    the same row (their own)."""
    unread = (
        Message.objects.filter(
            permissions.readable_message_filter(user),
            conversation__participants__user=user,
            conversation__participants__left_at__isnull=True,
            conversation__participants__muted=False,
            pk__gt=F("conversation__participants__last_read_id"),
            deleted_at__isnull=True,
        )
        .exclude(author_id=user.pk)
        .exclude(kind=Message.Kind.EVENT)
    )
    count = len(unread.values_list("pk", flat=True)[:UNREAD_CAP])
    if count < UNREAD_CAP:
        count += Participant.objects.filter(
            permissions.readable_message_filter(user),
            user=user,
            left_at__isnull=True,
            marked_unread=True,
            muted=False,
        ).count()
    return min(count, UNREAD_CAP)


@dataclass
class ConversationRow:
    conversation: Conversation
    place: Participant
    title: str
    unread: int
    partner: object | None = None

    @property
    def is_unread(self) -> bool:
        return bool(self.unread or self.place.marked_unread)


def _unread_counts(user: User, places: list[Participant]) -> dict[int, int]:
    """conversation id → unread messages, for these places only (one query, each condition on
    the index of a conversation's messages), however many conversations the person has."""
    if not places:
        return {}
    unread = Q()
    for place in places:
        unread |= Q(conversation_id=place.conversation_id, pk__gt=place.last_read_id)
    rows = (
        Message.objects.filter(unread, deleted_at__isnull=True)
        .exclude(author_id=user.pk)
        .exclude(kind=Message.Kind.EVENT)
        .values("conversation_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {row["conversation_id"]: row["total"] for row in rows}


def conversations_of(user: User, *, limit: int = 50, offset: int = 0) -> list[ConversationRow]:
    """`user`'s conversations, the most recent first, with their unread counts: a bounded
    number of queries however many conversations they have."""
    if not user.is_authenticated or not user.is_active:
        return []
    places = list(
        # Their own places are the rule for direct and small conversations (the very rows
        # permissions.joined_conversation_ids reads); a channel also asks the group.
        Participant.objects.filter(
            Q(conversation__group__isnull=True)
            | Q(conversation__group_id__in=permissions.member_group_ids(user)),
            user=user,
            left_at__isnull=True,
        )
        .select_related(
            "conversation",
            "conversation__group",
            "conversation__last_message",
            "conversation__last_message__author",
        )
        .order_by(
            F("conversation__last_message_at").desc(nulls_last=True), "-conversation__created_at"
        )[offset : offset + limit]
    )
    partners = _direct_partners(user, [p.conversation for p in places])
    counts = _unread_counts(user, places)
    return [
        ConversationRow(
            conversation=place.conversation,
            place=place,
            title=conversation_title(user, place.conversation, partners),
            unread=counts.get(place.conversation_id, 0),
            partner=partners.get(place.conversation_id),
        )
        for place in places
    ]


def _direct_partners(user: User, conversations: list[Conversation]) -> dict[int, object]:
    direct = [c.pk for c in conversations if c.is_direct]
    if not direct:
        return {}
    others = (
        Participant.objects.filter(conversation_id__in=direct)
        .exclude(user=user)
        .select_related("user")
    )
    return {place.conversation_id: place.user for place in others}


def conversation_title(user: User, conversation: Conversation, partners=None) -> str:
    if conversation.is_channel:
        return conversation.group.name
    if conversation.is_direct:
        partner = (partners or {}).get(conversation.pk) or permissions.direct_partner(
            user, conversation
        )
        return partner.get_full_name() if partner is not None else ""
    return conversation.name


def _messages(conversation: Conversation):
    return conversation.messages.select_related(
        "author", "reply_to", "reply_to__author"
    ).prefetch_related("attachments")


def latest_messages(
    conversation: Conversation, *, before: int | None = None, size: int | None = None
) -> tuple[list[Message], bool]:
    """The latest `size` messages (before message `before`), oldest first, and whether older
    ones exist."""
    size = size or settings.MESSAGING_PAGE_SIZE
    messages = _messages(conversation)
    if before:
        messages = messages.filter(pk__lt=before)
    page = list(messages.order_by("-pk")[: size + 1])
    more = len(page) > size
    return list(reversed(page[:size])), more


def conversation_search(user: User, conversation: Conversation, text: str) -> list[Message]:
    """The messages of this conversation matching `text` (the intranet's search, French stems
    and all, through the same access keys: only its readers find anything), newest first."""
    items = items_for(user, Filters(kind="message")).filter(
        places__in=[f"conversation:{conversation.pk}"]
    )
    ids = [item.source_id for item in items.search(text, operator="and")[:SEARCH_LIMIT]]
    return list(_messages(conversation).filter(pk__in=ids, deleted_at__isnull=True).order_by("-pk"))


def messages_after(conversation: Conversation, after: int) -> list[Message]:
    """What was posted after message `after` (at most a page: a reload shows the rest)."""
    page = list(
        _messages(conversation)
        .filter(pk__gt=after)
        .order_by("pk")[: settings.MESSAGING_PAGE_SIZE + 1]
    )
    return page


def messages_changed(conversation: Conversation, *, since, up_to: int) -> list[Message]:
    """Messages already shown (up to `up_to`) edited, deleted or pinned since `since`."""
    return list(
        _messages(conversation).filter(updated_at__gt=since, pk__lte=up_to).order_by("pk")[:100]
    )


def conversation_files(conversation: Conversation, *, limit: int = 200):
    """The conversation's files, the newest first (its « space »)."""
    return list(
        MessageAttachment.objects.filter(
            message__conversation=conversation, message__deleted_at__isnull=True
        )
        .select_related("message__author")
        .order_by("-message_id", "position")[:limit]
    )


def pinned_messages(conversation: Conversation) -> list[Message]:
    return list(
        _messages(conversation)
        .filter(pinned_at__isnull=False, deleted_at__isnull=True)
        .order_by("-pinned_at")[:10]
    )


def seen_by(user: User, conversation: Conversation, message: Message | None) -> list[str]:
    """« Vu par »: the others who have read up to `message` (small conversations only)."""
    if message is None or conversation.is_channel:
        return []
    places = conversation.participants.filter(left_at__isnull=True).select_related("user")
    if places.count() > settings.MESSAGING_RECEIPTS_MAX:
        return []
    return [
        place.user.get_full_name()
        for place in places.filter(last_read_id__gte=message.pk)
        .exclude(user=user)
        .exclude(user_id=message.author_id)
        .order_by("user__first_name")
    ]


def members_of(conversation: Conversation):
    """The people taking part (not left), by name."""
    return [
        place.user
        for place in conversation.participants.filter(left_at__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]


def message_rows(user: User, conversation: Conversation, messages: list[Message]) -> list[dict]:
    """Each message with what `user` may do with it and its reactions (two queries in all)."""
    summaries = reaction_summaries(user=user, model=Message, ids=[m.pk for m in messages])
    return [
        {
            "message": message,
            "abilities": permissions.message_abilities(user, message, conversation),
            "reactions": summaries.get(message.pk),
            "mine": message.author_id == user.pk,
        }
        for message in messages
    ]
