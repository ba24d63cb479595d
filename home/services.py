"""Write-side operations of home/: feed tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from .models import FeedToken

if TYPE_CHECKING:
    from social.people.models import User

MAX_ACTIVE_FEED_TOKENS = 5


class TooManyFeedTokens(Exception):
    pass


def feed_token_create(*, user: User, name: str = "") -> tuple[FeedToken, str]:
    """Create a feed token; returns it with its secret, which is never stored nor shown again."""
    if FeedToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_FEED_TOKENS:
        raise TooManyFeedTokens
    secret = FeedToken.new_secret()
    token = FeedToken.objects.create(user=user, name=name[:80], digest=FeedToken.digest_of(secret))
    return token, secret


def feed_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there was no such active token."""
    return bool(
        FeedToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
