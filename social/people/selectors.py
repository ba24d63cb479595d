"""Read-side questions about people, cached like their access keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .audience import per_user_cached

if TYPE_CHECKING:
    from .models import User


def user_can_access_admin(user: User) -> bool:
    """May this person open Wagtail's admin (to show them the link)? The admin checks again."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return per_user_cached(
        user, "can-access-admin", lambda person: person.has_perm("wagtailadmin.access_admin")
    )
