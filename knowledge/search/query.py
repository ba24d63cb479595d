"""One search over news, knowledge pages and library documents, for one reader.

Everything searchable has a row in `SearchItem` (knowledge/search/index.py), and one Wagtail
search over that model answers a query, with the reader's rights *inside* the search as a
filter field (CONVENTIONS: search filters by access keys): each capability declares the keys a
reader holds for its rows (knowledge/search/sources.py) from the reader scope — pages by their
audience and deepest view restriction, documents by their folder, group posts by membership.
The same holds on PostgreSQL, SQLite and Elasticsearch/OpenSearch. Facets (kind, service,
theme, period, file type) are counted over what the reader may see, so a hidden item is never
a result, nor a number.

At most `MAX_CANDIDATES` best results are kept; counts that reach it are shown with a « + »
(`capped`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.search.query import And, Not, Or, Phrase, PlainText

from social.people.models import Service

from ..models import SearchItem
from .sources import reader_keys, search_kinds

if TYPE_CHECKING:
    from social.people.models import User

MAX_CANDIDATES = 100
MAX_SUGGESTIONS = 8


def kinds() -> dict[str, str]:
    """The kinds of results, as their tabs name them, in their tabs' order."""
    return {name: kind.label for name, kind in search_kinds().items()}


def kind_labels() -> dict[str, str]:
    """One result's kind: « Actualité », « Document »…"""
    labels = {"promoted": _("Recommandé")}
    labels.update((name, kind.label_one) for name, kind in search_kinds().items())
    return labels


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
        return str(kind_labels().get(self.kind, self.kind))


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
    """The access keys `user` holds for search (see SearchItem.access), from every capability
    that declared some; None: everything (superusers). Computed once per request, from the
    reader scope's parts, each cached until what decides it changes."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_authenticated or not user.is_active:
        return []
    memo = user.__dict__.setdefault("_per_user_cache", {})
    if " search-keys" not in memo:
        memo[" search-keys"] = sorted(reader_keys(user))
    return memo[" search-keys"]


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
    if filters.family:
        items = items.filter(family=filters.family)
    return items


def _hit(item: SearchItem) -> Hit:
    kind = search_kinds().get(item.kind)
    details = kind.details(item) if kind is not None and kind.details is not None else []
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
        counts={kind: counts.get(kind, 0) for kind in search_kinds()},
        capped=set(search_kinds()) if len(every_kind) >= MAX_CANDIDATES else set(),
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
