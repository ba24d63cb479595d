"""Messages in the intranet's search (knowledge.SearchItem rows), found by the people who read
their conversation and nobody else: each row holds the conversation's key ("conversation:<id>",
or "channel:<group id>" for a group's channel, whose readers are the group's active members) and
the PRIVATE key, which keeps it out of the superusers' search-everything (they find the messages
of their own conversations, like anyone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from knowledge.search.sources import PRIVATE_KEY, SearchKind, SearchSource
from social import markup
from social.groups.permissions import member_group_ids

from .models import Message
from .permissions import joined_conversation_ids

if TYPE_CHECKING:
    from social.people.models import User


def conversation_key(message: Message) -> str:
    conversation = message.conversation
    if conversation.is_channel:
        return f"channel:{conversation.group_id}"
    return f"conversation:{conversation.pk}"


def message_search_keys(user: User) -> set[str]:
    """The conversation keys `user` holds: the conversations they take part in, the channels of
    the groups they are an active member of."""
    if not user.is_authenticated or not user.is_active:
        return set()
    keys = {f"conversation:{pk}" for pk in joined_conversation_ids(user)}
    keys.update(f"channel:{group_id}" for group_id in member_group_ids(user))
    return keys


def _place(message: Message) -> str:
    conversation = message.conversation
    if conversation.is_channel:
        return str(_("Canal %(group)s") % {"group": conversation.group.name})
    return conversation.name or str(_("Conversation privée"))


def message_fields(message: Message) -> dict | None:
    if message.is_deleted or message.kind != Message.Kind.TEXT:
        return None
    author = message.author.get_full_name() if message.author else str(_("ancien agent"))
    text = markup.to_text(message.body, limit=2000)
    return {
        "kind": "message",
        "title": f"{author} — {_place(message)}"[:255],
        "summary": text,
        "url": message.get_absolute_url(),
        "date": message.created_at,
        "service_id": None,
        "search_themes": [],
        "access": [conversation_key(message), PRIVATE_KEY],
        "places": [f"conversation:{message.conversation_id}"],
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


MESSAGE_SOURCE = SearchSource(
    model=Message,
    fields=message_fields,
    text=lambda message: markup.to_text(message.body, limit=markup.MAX_LENGTH),
    queryset=lambda: Message.objects.filter(
        kind=Message.Kind.TEXT, deleted_at__isnull=True
    ).select_related("conversation", "conversation__group", "author"),
)
MESSAGE_KIND = SearchKind("message", _("Messages"), _("Message"), order=65)
