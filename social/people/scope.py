"""The reader scope: one answer to « what may this reader see? », computed once per request.

Each capability declares its part through `register_scope_part(name, compute)` in its app's
`ready()`: the audience keys (here), the restricted sections the reader may not enter and the
library folders they see (knowledge), the groups they read (social.groups)… This module imports
no content app. A part is a set of short strings; `scope_key(user, *parts)` is a fingerprint of
those parts, and every per-reader cache key uses it instead of assembling its own: a cached list
is shared by readers who see the same things, and never by two who do not.

Each part does its own caching (`per_user_cached`, with the generation counters that change it);
the scope keeps the parts on the user object for the rest of the request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import User

ScopePart = Callable[["User"], Iterable[str]]

_parts: dict[str, ScopePart] = {}


def register_scope_part(name: str, compute: ScopePart) -> None:
    """Declare a part of every reader's scope: `compute(user)` gives the strings that decide
    what of this kind `user` may see (e.g. "denied:00010002" for a restricted section)."""
    _parts[name] = compute


def scope_part(user: User, name: str) -> frozenset[str]:
    # Kept with the user's other per-user values: whatever forgets those (a right changed in
    # this request) forgets the scope too.
    memo = user.__dict__.setdefault("_per_user_cache", {}).setdefault(" scope", {})
    if name not in memo:
        memo[name] = frozenset(_parts[name](user))
    return memo[name]


def reader_scope(user: User, *names: str) -> dict[str, frozenset[str]]:
    """The named parts of `user`'s scope (all of them by default)."""
    return {name: scope_part(user, name) for name in names or sorted(_parts)}


def scope_key(user: User, *names: str) -> str:
    """A short name for what `user` may see of the named parts (all by default), for cache
    keys: equal for two readers exactly when those parts are equal."""
    digest = hashlib.sha256()
    for name, values in sorted(reader_scope(user, *names).items()):
        digest.update(f"{name}={','.join(sorted(values))};".encode())
    return digest.hexdigest()[:20]


def denied_paths(user: User) -> list[str]:
    """The tree paths of the restricted sections `user` may not enter (the "restricted" part,
    whose entries read "denied:<path>")."""
    return [entry.removeprefix("denied:") for entry in scope_part(user, "restricted")]


def page_is_visible(user: User, page) -> bool:
    """May `user` see `page`, as far as restricted sections go?"""
    return not any(page.path.startswith(path) for path in denied_paths(user))


def visible_pages(user: User, pages):
    """The queryset `pages` without those inside a section restricted from `user`."""
    for path in denied_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages
