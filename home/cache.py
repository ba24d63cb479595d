"""The content generation: part of every cached fragment's key (cms/core/generations.py).

Any publish, unpublish, move or deletion of a page bumps it, so cached menus and news lists are
never staler than the last editorial change; entries of older generations simply expire.
"""

from cms.core import generations

GENERATION_KEY = generations.CONTENT


def content_generation(request=None) -> int:
    """The current generation; read once per request when given the request."""
    return generations.value(GENERATION_KEY, request)


def bump_content_generation() -> None:
    generations.bump(GENERATION_KEY)
