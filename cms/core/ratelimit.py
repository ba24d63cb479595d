"""Posting limits per person and per kind of content, counted in the shared cache: one guard,
`rate_limited(kind, user_id)`, and one setting per kind (`RATE_LIMITS`: comments, group posts;
a new kind of content adds its own).

A limit reads "COUNT/SECONDS" ("10/60": ten a minute); a count of 0 removes it. When Redis is
down the counter cannot be read and posting stays allowed: the limit protects colleagues from
floods, it must not stop the intranet.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def parse_limit(value: str) -> tuple[int, int]:
    count, _sep, seconds = value.partition("/")
    return max(int(count or 0), 0), max(int(seconds or 60), 1)


def rate_limited(kind: str, user_id: int) -> bool:
    """Count one more `kind` of content by this person; True when it goes over the kind's limit
    (settings.RATE_LIMITS[kind]): the post must then be refused."""
    count, seconds = parse_limit(settings.RATE_LIMITS[kind])
    if count == 0:
        return False
    window = int(time.time() // seconds)
    key = f"rate:{kind}:{user_id}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    return used > count
