"""Posting limits per person (comments today, group posts later), counted in the shared cache.

A limit reads "COUNT/SECONDS" ("10/60": ten a minute); a count of 0 removes it. When Redis is
down the counter cannot be read and posting stays allowed: the limit protects colleagues from
floods, it must not stop the intranet.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def parse_limit(value: str) -> tuple[int, int]:
    count, _sep, seconds = value.partition("/")
    return max(int(count or 0), 0), max(int(seconds or 60), 1)


def rate_limit_hit(*, action: str, user_id: int, limit: str) -> bool:
    """Count one more `action` by this person; True when it goes over the limit (the action
    must then be refused)."""
    count, seconds = parse_limit(limit)
    if count == 0:
        return False
    window = int(time.time() // seconds)
    key = f"rate:{action}:{user_id}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    return used > count
