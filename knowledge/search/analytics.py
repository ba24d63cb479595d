"""What agents search for: each query counted (in Redis, flushed to the database every
minute by beat), and the report editors read (the most searched terms, and those that found
nothing)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from redis.exceptions import RedisError, ResponseError

from ..models import SearchTermDay
from .snippets import _fold


def normalise_term(query: str) -> str:
    """One spelling per query for the report: lower case, no accents, single spaces."""
    return " ".join(_fold(query).split())[:200]


def search_term_record(query: str, *, found: int) -> None:
    """Count the query (and whether it found nothing) for today, for the editors' report.

    Counted in Redis (one HINCRBY, no row lock shared by everyone searching the same word) and
    written to the database by `search_terms_flush` every minute; straight to the database
    when there is no Redis, or Redis does not answer."""
    term, day = normalise_term(query), timezone.localdate()
    if not term:
        return
    client = _redis()
    if client is not None:
        try:
            client.hincrby(_pending_key(), f"{day.isoformat()}|{0 if found else 1}|{term}", 1)
            return
        except RedisError:
            pass
    _store_counts({(term, day): (1, 0 if found else 1)})


def search_terms_flush() -> int:
    """Move the counts gathered in Redis into the database (beat, and before the report)."""

    client = _redis()
    if client is None:
        return 0

    taken = f"{_pending_key()}:{timezone.now().timestamp()}"
    try:
        client.rename(_pending_key(), taken)
    except ResponseError:  # nothing counted since the last flush
        return 0
    counts: dict = {}
    raw = client.hgetall(taken)
    for key, value in raw.items():
        day, empty, term = key.decode().split("|", 2)
        searches, without = counts.get((term, date.fromisoformat(day)), (0, 0))
        counts[(term, date.fromisoformat(day))] = (
            searches + int(value),
            without + (int(value) if empty == "1" else 0),
        )
    try:
        _store_counts(counts)
    except Exception:
        for key, value in raw.items():  # put them back for the next flush
            client.hincrby(_pending_key(), key, int(value))
        raise
    finally:
        client.delete(taken)
    return len(counts)


def _pending_key() -> str:

    return f"{settings.CACHES['default'].get('KEY_PREFIX', 'parvis')}:search-terms-pending"


def _redis():

    cache = caches["default"]
    return cache._cache.get_client(write=True) if isinstance(cache, RedisCache) else None


def _store_counts(counts: dict) -> None:

    for (term, day), (searches, without) in counts.items():
        increments = {
            "searches": F("searches") + searches,
            "without_results": F("without_results") + without,
        }
        if SearchTermDay.objects.filter(term=term, day=day).update(**increments):
            continue
        try:
            with transaction.atomic():
                SearchTermDay.objects.create(
                    term=term, day=day, searches=searches, without_results=without
                )
        except IntegrityError:  # created meanwhile by another process
            SearchTermDay.objects.filter(term=term, day=day).update(**increments)


REPORT_DAYS = 30


def search_terms_report(days: int = REPORT_DAYS, limit: int = 50) -> dict[str, list[dict]]:
    """Top queries and queries without results over the last `days` days."""

    search_terms_flush()

    recent = SearchTermDay.objects.filter(day__gt=timezone.localdate() - timedelta(days=days))
    totals = recent.values("term").annotate(
        searches=Sum("searches"), without_results=Sum("without_results")
    )
    return {
        "top": list(totals.order_by("-searches", "term")[:limit]),
        "without_results": list(
            totals.filter(without_results__gt=0).order_by("-without_results", "term")[:limit]
        ),
    }
