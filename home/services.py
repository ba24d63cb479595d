"""Write-side operations of home/: feed tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cms.core.tokens import MAX_ACTIVE_TOKENS, TooManyTokens

from .models import FeedToken

if TYPE_CHECKING:
    from social.people.models import User

MAX_ACTIVE_FEED_TOKENS = MAX_ACTIVE_TOKENS
TooManyFeedTokens = TooManyTokens


def feed_token_create(*, user: User, name: str = "") -> tuple[FeedToken, str]:
    """Create a feed token; returns it with its secret, which is never stored nor shown again."""
    return FeedToken.objects.create_for(user=user, name=name)


def feed_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there was no such active token."""
    return FeedToken.objects.revoke(user=user, token_id=token_id)
