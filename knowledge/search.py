"""One search over news, knowledge pages and library documents, for one reader.

Everything searchable has a row in `SearchItem` (knowledge/search_index.py), and one Wagtail
search over that model answers a query, with the reader's rights *inside* the search as a
filter field (CONVENTIONS: search filters by access keys): pages by their audience and deepest
view restriction (`cms.searchable`), documents by their folder. The same holds on PostgreSQL,
SQLite and Elasticsearch/OpenSearch. Facets (kind, service, theme, period, file type) are
counted over what the reader may see, so a hidden item is never a result, nor a number.

At most `MAX_CANDIDATES` best results are kept; counts that reach it are shown with a « + »
(`capped`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models.functions import Substr
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.search.query import And, Not, Or, Phrase, PlainText

from cms import generations
from home.models import NewsPage
from home.selectors import news_visible_to
from social.people.audience import KEY_EVERYTHING, per_user_cached, user_access_keys
from social.people.scope import page_is_visible

from . import filetypes
from .models import LibraryDocument, SearchItem
from .selectors import search_restriction_ids

if TYPE_CHECKING:
    from social.people.models import User

MAX_CANDIDATES = 100
MAX_SUGGESTIONS = 8
SNIPPET_LENGTH = 240

KINDS = {
    "news": _("Actualités"),
    "article": _("Articles"),
    "page": _("Services et thèmes"),
    "document": _("Documents"),
    "group": _("Groupes"),
    "post": _("Publications de groupes"),
}

KIND_OF_ONE = {
    "promoted": _("Recommandé"),
    "news": _("Actualité"),
    "article": _("Article"),
    "page": _("Page"),
    "document": _("Document"),
    "group": _("Groupe"),
    "post": _("Publication de groupe"),
}

PERIODS = {
    "week": (_("7 derniers jours"), timedelta(days=7)),
    "month": (_("30 derniers jours"), timedelta(days=30)),
    "year": (_("12 derniers mois"), timedelta(days=365)),
}


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    score: float
    text: str = ""
    date: datetime | None = None
    service: str = ""
    details: list[str] = field(default_factory=list)
    snippet: SafeString = mark_safe("")  # noqa: S308 (empty)
    pk: int | None = None
    service_id: int | None = None
    theme_ids: tuple[int, ...] = ()
    family: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_OF_ONE[self.kind])


@dataclass
class Filters:
    """What the reader narrowed the search to; empty values mean « all »."""

    kind: str = ""
    service: int | None = None
    theme: int | None = None
    period: str = ""
    family: str = ""

    @property
    def since(self) -> datetime | None:
        return timezone.now() - PERIODS[self.period][1] if self.period in PERIODS else None


# --- Query syntax ---------------------------------------------------------------------------

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
OR_WORDS = {"OR", "OU"}


@dataclass
class ParsedQuery:
    query: object | None  # a Wagtail search query, None when nothing positive was asked
    words: list[str]  # the words sought (not the excluded ones), for highlighting


def parse_query(text: str) -> ParsedQuery:
    """« "mot exact" », « -exclu », « a OR b » (or « OU »), the rest: every word.

    Words are ANDed; OR joins the terms either side of it; a quoted phrase must appear as
    written (stemmed, accents ignored); a word or phrase after « - » must not appear. Plain
    words found side by side, as typed, rank above the same words scattered.
    """
    groups: list[list] = []  # ANDed groups of ORed terms
    excluded, words = [], []
    join_next = False
    for match in TOKEN.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word in OR_WORDS:
            join_next = bool(groups)
            continue
        if phrase is not None:
            phrase = " ".join(re.findall(r"\w+", phrase))
            if not phrase:
                continue
            term, said = Phrase(phrase), phrase
        else:
            if word.startswith("-") and len(word) > 1:
                negated, word = "-", word[1:]
            word = " ".join(re.findall(r"\w+", word))
            if not word:
                continue
            term, said = PlainText(word, operator="and"), word
        if negated:
            excluded.append(Not(term))
            continue
        words.append(said)
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        return ParsedQuery(None, [])
    parts = [group[0] if len(group) == 1 else Or(group) for group in groups]
    if len(parts) > 1 and all(isinstance(part, PlainText) for part in parts):
        # Plain words: the same matches, but those holding them as written rank first.
        parts = [Or([Phrase(" ".join(words)), And(parts)])]
    parts += excluded
    return ParsedQuery(parts[0] if len(parts) == 1 else And(parts), words)


# --- The reader's search --------------------------------------------------------------------


def search_keys(user: User) -> list[str] | None:
    """The access keys `user` holds for search (see SearchItem.access); None: everything
    (superusers). Cached per user until people, content or folder rights change."""
    if user.is_active and user.is_superuser:
        return None
    from social.groups.permissions import membership_generation

    return per_user_cached(
        user,
        "search-keys",
        _compute_search_keys,
        generations=(
            generations.CONTENT,
            generations.LIBRARY,
            membership_generation(user.pk),
        ),
    )


def _compute_search_keys(user: User) -> list[str]:
    from social.groups.search import group_search_keys

    from .selectors import visible_folder_ids

    audience = user_access_keys(user)
    if not audience:
        return []
    restrictions = search_restriction_ids(user) or [0]
    if KEY_EVERYTHING in audience:
        keys = {f"r{restriction}:*" for restriction in restrictions}
    else:
        keys = {f"r{restriction}:{key}" for restriction in restrictions for key in audience}
    folders = visible_folder_ids(user)
    if folders is None:
        from wagtail.models import Collection

        folders = Collection.objects.values_list("pk", flat=True)
    keys.update(f"folder:{folder}" for folder in folders)
    keys.update(group_search_keys(user))
    return sorted(keys)


def items_for(user: User, filters: Filters | None = None, *, kind: bool = True):
    """The search rows `user` may find, narrowed by `filters` (kind too unless told not)."""
    items = SearchItem.objects.all()
    keys = search_keys(user)
    if keys is not None:
        items = items.filter(access__in=keys)
    if filters is None:
        return items
    if kind and filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.service:
        items = items.filter(service_id=filters.service)
    if filters.theme:
        items = items.filter(search_themes__in=[filters.theme])
    if filters.since:
        items = items.filter(date__gte=filters.since)
    if filters.family in filetypes.FAMILIES:
        items = items.filter(family=filters.family)
    return items


def _hit(item: SearchItem) -> Hit:
    details = []
    if item.kind == "document":
        kind = filetypes.kind_for_mime(item.mime_type)
        details = [kind.label if kind else "", filesizeformat(item.file_size or 0)]
    return Hit(
        kind=item.kind,
        pk=item.source_id,
        title=item.title,
        url=item.url,
        score=item._score,
        text=item.summary,
        date=item.date,
        service_id=item.service_id,
        theme_ids=tuple(int(pk) for pk in item.search_themes),
        details=[detail for detail in details if detail],
        family=item.family,
    )


def _named(hits: list[Hit]) -> list[Hit]:
    """Each hit's service name (a few services for hundreds of hits: one query)."""
    from social.people.models import Service

    names = dict(
        Service.objects.filter(
            pk__in={hit.service_id for hit in hits if hit.service_id}
        ).values_list("pk", "name")
    )
    for hit in hits:
        hit.service = names.get(hit.service_id, "")
    return hits


def _ranked(items, query, limit: int) -> list[Hit]:
    results = items.search(query, operator="and").annotate_score("_score")
    hits = _named([_hit(item) for item in results[:limit]])
    # Best first; at (nearly) equal relevance, the most recent first.
    hits.sort(key=lambda hit: (-hit.score, -(hit.date.timestamp() if hit.date else 0)))
    return hits


@dataclass
class SearchResults:
    hits: list[Hit]
    counts: dict[str, int]  # by kind
    capped: set[str]  # kinds whose count reached MAX_CANDIDATES
    services: Counter  # facet counts over the hits of the chosen kind(s)
    themes: Counter
    periods: Counter
    families: Counter

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search_everything(user: User, query: str, filters: Filters | None = None) -> SearchResults:
    """The reader's results, best first, with counts by kind and facet counts: one search over
    every kind (a second one when a kind is chosen), rights and filters inside it."""
    filters = filters or Filters()
    parsed = parse_query(query)
    if parsed.query is None:
        return SearchResults([], {}, set(), Counter(), Counter(), Counter(), Counter())
    every_kind = _ranked(items_for(user, filters, kind=False), parsed.query, MAX_CANDIDATES)
    counts = Counter(hit.kind for hit in every_kind)
    if filters.kind:
        chosen = _ranked(items_for(user, filters), parsed.query, MAX_CANDIDATES)
        counts[filters.kind] = max(counts[filters.kind], len(chosen))
    else:
        chosen = every_kind
    now = timezone.now()
    return SearchResults(
        hits=chosen,
        counts={kind: counts.get(kind, 0) for kind in KINDS},
        capped=set(KINDS) if len(every_kind) >= MAX_CANDIDATES else set(),
        services=Counter(hit.service_id for hit in chosen if hit.service_id),
        themes=Counter(pk for hit in chosen for pk in hit.theme_ids),
        periods=Counter(
            name
            for hit in chosen
            if hit.date
            for name, (_label, span) in PERIODS.items()
            if hit.date >= now - span
        ),
        families=Counter(hit.family for hit in chosen if hit.family),
    )


def suggestions(user: User, text: str) -> list[Hit]:
    """Titles completing what the reader is typing (autocomplete), best first, only what they
    may see; none below two characters."""
    text = " ".join(re.findall(r"\w+", text))
    if len(text) < 2:
        return []
    results = items_for(user).autocomplete(text).annotate_score("_score")
    return [_hit(item) for item in results[:MAX_SUGGESTIONS]]  # titles only: no service


# --- Snippets ---------------------------------------------------------------------------


# Accented Latin letters and their base letter, for `str.translate`.
_UNACCENT = {code: unicodedata.normalize("NFD", chr(code))[0] for code in range(0xC0, 0x250)}


def _fold(text: str) -> str:
    """Lower case without accents, one character for one character (so indices match)."""
    return text.lower().translate(_UNACCENT)


def _terms(query: str) -> list[str]:
    words = re.findall(r"\w+", _fold(query))
    # A word matches its plural and feminine forms: compare on its first letters.
    return [
        word[: max(4, len(word) - 2)] if len(word) > 4 else word for word in words if len(word) > 2
    ]


def snippet(text: str, query: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """The part of `text` around the first matching word, matches in <mark>, all escaped."""
    text = " ".join(text.split())
    terms = _terms(query)
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    folded = _fold(text)
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*") if terms else None
    )
    first = pattern.search(folded) if pattern else None
    start = max(0, (first.start() if first else 0) - length // 3)
    end = min(len(text), start + length)
    window, folded_window = text[start:end], folded[start:end]
    parts, position = [], 0
    for match in pattern.finditer(folded_window) if pattern else ():
        parts.append(conditional_escape(window[position : match.start()]))
        parts.append(f"<mark>{conditional_escape(window[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(conditional_escape(window[position:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(str(part) for part in parts) + suffix)  # noqa: S308 (escaped above)


SNIPPET_SOURCE_CHARS = 20_000


def with_snippets(hits: list[Hit], query: str) -> list[Hit]:
    """Snippets for the results on show. A document's text is read only for those, and only
    its beginning: a page of results never loads whole files' text."""
    document_ids = [hit.pk for hit in hits if hit.kind == "document"]
    texts = dict(
        LibraryDocument.objects.filter(pk__in=document_ids)
        .annotate(beginning=Substr("extracted_text", 1, SNIPPET_SOURCE_CHARS))
        .values_list("pk", "beginning")
    )
    for hit in hits:
        text = hit.text
        if hit.kind == "document":
            text = f"{hit.text}\n{texts.get(hit.pk, '')}"
        hit.snippet = snippet(text, query)
    return hits


# --- Editors' picks and search terms -------------------------------------------------------


PROMOTIONS_GENERATION_KEY = generations.PROMOTIONS


def _promoted_queries() -> dict[str, list[int]]:
    """Editors' picks by folded query, cached until a pick changes (knowledge/signals.py)."""
    from django.core.cache import caches

    from wagtail.contrib.search_promotions.models import SearchPromotion

    key = f"search-promotions:{generations.value(PROMOTIONS_GENERATION_KEY)}"
    by_query = caches["fragments"].get(key)
    if by_query is None:
        by_query = {}
        for pk, query_string in SearchPromotion.objects.values_list("pk", "query__query_string"):
            by_query.setdefault(_fold(query_string), []).append(pk)
        caches["fragments"].set(key, by_query, 3600)
    return by_query


def promotions_for(user: User, query: str) -> list[Hit]:
    """Wagtail search promotions for this query (accents and case ignored), shown first: the
    pages among them that the reader may see, and the links editors wrote."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    wanted = _fold(normalise_query_string(query))
    promoted_ids = _promoted_queries().get(wanted)
    if not promoted_ids:
        return []
    promotions = SearchPromotion.objects.select_related("query", "page").filter(pk__in=promoted_ids)
    promotions = sorted(promotions, key=lambda promotion: (promotion.sort_order, promotion.pk))
    hits = []
    for promotion in promotions:
        page = promotion.page
        if page is not None:
            specific = page.specific
            visible = (
                news_visible_to(user).filter(pk=page.pk).exists()
                if isinstance(specific, NewsPage)
                else page.live and page_is_visible(user, page)
            )
            if not visible:
                continue
            hits.append(
                Hit(
                    kind="promoted",
                    title=specific.title,
                    url=specific.url,
                    score=0,
                    snippet=conditional_escape(promotion.description),
                )
            )
        elif promotion.external_link_url:
            hits.append(
                Hit(
                    kind="promoted",
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    score=0,
                    snippet=conditional_escape(promotion.description),
                )
            )
    return hits


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
        from redis.exceptions import RedisError

        try:
            client.hincrby(_pending_key(), f"{day.isoformat()}|{0 if found else 1}|{term}", 1)
            return
        except RedisError:
            pass
    _store_counts({(term, day): (1, 0 if found else 1)})


def search_terms_flush() -> int:
    """Move the counts gathered in Redis into the database (beat, and before the report)."""
    from datetime import date

    client = _redis()
    if client is None:
        return 0
    from redis.exceptions import ResponseError

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
    from django.conf import settings

    return f"{settings.CACHES['default'].get('KEY_PREFIX', 'parvis')}:search-terms-pending"


def _redis():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    return cache._cache.get_client(write=True) if isinstance(cache, RedisCache) else None


def _store_counts(counts: dict) -> None:
    from django.db import IntegrityError, transaction
    from django.db.models import F

    from .models import SearchTermDay

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
    from django.db.models import Sum

    search_terms_flush()
    from .models import SearchTermDay

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
