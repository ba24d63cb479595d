"""A generation number for published content, part of every cached fragment's key.

Any publish, unpublish, move or deletion of a page bumps it, so cached menus and news lists are
never staler than the last editorial change; entries of older generations simply expire.
"""

import hashlib

from django.core.cache import cache

from cms.cache import new_generation

GENERATION_KEY = "content-generation"


def content_generation(request=None) -> int:
    """The current generation; read once per request when given the request."""
    return generation(GENERATION_KEY, request)


def bump_content_generation() -> None:
    bump_generation(GENERATION_KEY)


def generation(key: str, request=None) -> int:
    """The current value of the generation counter `key` (created on first use); read once per
    request when given the request."""
    memo = getattr(request, "_generations", None) if request is not None else None
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key)
    if value is None:
        cache.add(key, new_generation(), timeout=None)
        value = cache.get(key) or new_generation()
    if request is not None:
        if memo is None:
            memo = request._generations = {}
        memo[key] = value
    return value


def bump_generation(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, new_generation(), timeout=None)


def keys_fingerprint(keys: frozenset[str]) -> str:
    """A short stable name for a set of access keys, to key caches by audience."""
    return hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]
