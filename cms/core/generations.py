"""Generation counters: one number per kind of change (published content, people and rights,
library folders, search promotions, one person's memberships…), part of the key of every cached
entry that depends on it. A change bumps its counter; entries under older numbers are never read
again and simply expire.

The counters live in the database, not in the cache:
- a bump is part of the transaction that makes the change, so no reader sees the new number
  before the change is committed (and caches old content under it);
- every process sees it at once — web workers, Celery workers, the demo's scheduler — whatever
  cache it has (`make run` keeps one in each process's memory);
- a change made while Redis is unreachable is not lost: once Redis is back, nothing cached under
  an older number is read again.

Reading costs one query per request, whatever the number of counters asked: the numbers are
kept with the reader's per-user values (`user.__dict__["_per_user_cache"]`, see
social/people/audience.py), whether the holder given is the request or its user, so dropping
those values (a right changed during the request) reads the numbers again too. The reader's own
counters (their memberships…), declared with `register_personal`, come in the same query.
"""

import contextlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import Generation
from .cache import new_generation

CONTENT = "content-generation"
ACCESS = "access-keys-generation"
LIBRARY = "library-folders-generation"
PROMOTIONS = "search-promotions-generation"
SYNONYMS = "search-synonyms-generation"  # synonyms and the services' acronyms
# Read together with any other: a request that needs one of them needs the others soon after.
SHARED = (CONTENT, ACCESS, LIBRARY, PROMOTIONS, SYNONYMS)

_MEMO = "_parvis_generations"
USER_VALUES = "_per_user_cache"  # where a user's per-request values live (social.people.audience)

_personal: list[Callable[[int], str]] = []


def register_personal(name_for: Callable[[int], str]) -> None:
    """Declare a counter each person has (`name_for(user_id)`), read with the shared ones."""
    _personal.append(name_for)


def user_memo(user) -> dict:
    """The numbers read for this user during this request, kept with their per-user values."""
    return user.__dict__.setdefault(USER_VALUES, {}).setdefault(" generations", {})


# Counters read without a holder inside `snapshot()`: once for the whole block.
_snapshot: ContextVar[dict | None] = ContextVar("generation_snapshot", default=None)


@contextlib.contextmanager
def snapshot():
    """Within the block, counters asked without a holder are read once: a worker writing the
    search rows of 1,000 documents reads the library's counter once, not per document. For work
    that starts after the change it follows has committed (a task), as a request does."""
    memo: dict = {}
    token = _snapshot.set(memo)
    try:
        yield memo  # memo.clear(): read again from the next use (a long job's next chunk)
    finally:
        _snapshot.reset(token)


def _memo_and_user(holder) -> tuple[dict, object | None]:
    if holder is None:
        memo = _snapshot.get()
        return ({} if memo is None else memo), None
    if isinstance(holder, dict):
        return holder, None
    user = getattr(holder, "user", None) if hasattr(holder, "META") else holder
    if user is not None and hasattr(user, "is_authenticated"):
        return user_memo(user), user
    return holder.__dict__.setdefault(_MEMO, {}), None


def current(names: Iterable[str], holder=None) -> dict[str, int]:
    """The current value of each counter in `names`, read once for `holder`: a request or a
    user (kept with the user's per-request values), or a dict that lives as long as what was
    computed from the values (forgotten with it)."""
    names = tuple(names)
    memo, user = _memo_and_user(holder)
    unread = [name for name in names if name not in memo]
    if unread:
        wanted = set(unread) | {name for name in SHARED if name not in memo}
        if user is not None and user.pk is not None:
            wanted |= {name_for(user.pk) for name_for in _personal} - set(memo)
        found = dict(Generation.objects.filter(name__in=wanted).values_list("name", "value"))
        for name in wanted - set(found):
            found[name] = _create(name)
        memo.update(found)
    return {name: memo[name] for name in names}


def value(name: str, holder=None) -> int:
    return current((name,), holder)[name]


def bump(name: str) -> None:
    """Change counter `name`, within the current transaction if there is one."""
    if not Generation.objects.filter(name=name).update(value=F("value") + 1):
        _create(name)
        Generation.objects.filter(name=name).update(value=F("value") + 1)


def _create(name: str) -> int:
    """A counter's first value: never used before, even by an earlier database (a copy cached
    under it elsewhere can never be mistaken for current)."""
    start = new_generation()
    try:
        with transaction.atomic():
            Generation.objects.create(name=name, value=start)
    except IntegrityError:  # created meanwhile by another request
        return Generation.objects.get(name=name).value
    return start
