"""Polls a reader may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Poll

if TYPE_CHECKING:
    from social.people.models import User


def polls_visible_to(user: User):
    return Poll.objects.visible_to(user).prefetch_related("choices")


def polls_in_feed(user: User):
    """Open polls shown on their own at the top of the news."""
    return polls_visible_to(user).open().filter(in_feed=True).order_by("-created_at")
