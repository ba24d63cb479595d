"""What the messaging gives the e-mail digest, for whoever chose « Dans mon résumé » for their
unread direct messages: the conversations with unread messages (who, how many), never what
the messages say."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from social.mail.compose import absolute
from social.mail.digest import DigestItem, DigestSection
from social.notifications.models import Channel, Notification
from social.notifications.services import channel_of

from .selectors import conversations_of

if TYPE_CHECKING:
    from social.people.models import User

CONVERSATIONS_IN_DIGEST = 8


def unread_conversations(user: User, since: datetime, now: datetime) -> list[DigestItem]:
    if channel_of(user, Notification.Kind.MESSAGE) != Channel.DIGEST:
        return []  # told at once or after 15 minutes, or in Parvis only
    rows = [row for row in conversations_of(user, limit=50) if row.unread][:CONVERSATIONS_IN_DIGEST]
    return [
        DigestItem(
            title=row.title,
            url=absolute(row.conversation.get_absolute_url()),
            meta=ngettext("%(count)d message non lu", "%(count)d messages non lus", row.unread)
            % {"count": row.unread},
        )
        for row in rows
    ]


MESSAGES_SECTION = DigestSection(
    name="messages",
    title=lambda: _("Vos messages non lus"),
    order=5,
    collect=unread_conversations,
    more="messaging:index",
)
