"""Read-side questions about people, cached like their access keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import cache, caches

from cms.cache import new_generation

from .audience import ACCESS_KEYS_GENERATION, ACCESS_KEYS_TIMEOUT

if TYPE_CHECKING:
    from .models import User


def user_can_access_admin(user: User) -> bool:
    """May this person open Wagtail's admin (to show them the link)? The admin checks again."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    generation = cache.get_or_set(ACCESS_KEYS_GENERATION, new_generation, timeout=None)
    key = f"can-access-admin:{user.pk}:{generation}"
    allowed = caches["fragments"].get(key)
    if allowed is None:
        allowed = user.has_perm("wagtailadmin.access_admin")
        caches["fragments"].set(key, allowed, ACCESS_KEYS_TIMEOUT)
    return allowed
