"""Polls a reader may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Poll

if TYPE_CHECKING:
    from social.people.models import User


def polls_visible_to(user: User, *, in_groups: bool = False):
    """Editorial polls of the reader's audience; `in_groups`: with the polls posted in the
    groups they may read (a poll's own page, voting, export)."""
    manager = Poll.everywhere if in_groups else Poll.objects
    return manager.visible_to(user).prefetch_related("choices")


def polls_in_feed(user: User):
    """Open polls shown on their own at the top of the news."""
    return polls_visible_to(user).open().filter(in_feed=True).order_by("-created_at")
