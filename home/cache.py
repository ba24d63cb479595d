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
    generation = getattr(request, "_content_generation", None)
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, new_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY) or new_generation()
        if request is not None:
            request._content_generation = generation
    return generation


def bump_content_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, new_generation(), timeout=None)


def keys_fingerprint(keys: frozenset[str]) -> str:
    """A short stable name for a set of access keys, to key caches by audience."""
    return hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]
