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

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.search.query import And, Not, Or, Phrase, PlainText

from social.people.models import Service

from ..models import SearchItem
from .sources import PRIVATE_KEY, reader_keys, search_kinds
from .synonyms import expand
from .words import corrections, fold, is_function_word

# Every search a superuser makes while the legal procedure mode opens private messages to them.
legal_log = logging.getLogger("parvis.legal")

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
    item_id: int | None = None  # the search row, for counting the openings
    clicks: int = 0

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
    terms: list = field(default_factory=list)  # one query per word or known expression
    plain: bool = False  # only plain words: no phrase, OR nor exclusion
    typed: list[str] = field(default_factory=list)  # the plain words as typed
    acronyms: set[str] = field(default_factory=set)  # of them, the known acronyms
    typed_query: object | None = None  # the query without synonyms, when some were added


def _word_term(words: list[str], expansion) -> tuple[object, list[str]]:
    """The query for some words as typed, with what the synonym table adds to them."""
    said = " ".join(words)
    alternatives = [
        PlainText(alternative, operator="and") for alternative in expansion.alternatives
    ]
    own = [] if expansion.acronym and alternatives else [PlainText(said, operator="and")]
    queries = own + alternatives
    highlighted = ([said] if own else []) + list(expansion.alternatives)
    return (queries[0] if len(queries) == 1 else Or(queries)), highlighted


def parse_query(text: str, *, drop_function_words: bool = False, holder=None) -> ParsedQuery:
    """« "mot exact" », « -exclu », « a OR b » (or « OU »), the rest: every word.

    Words are ANDed; OR joins the terms either side of it; a quoted phrase must appear as
    written (stemmed, accents ignored); a word or phrase after « - » must not appear. Plain
    words found side by side, as typed, rank above the same words scattered. Plain words the
    synonym table knows are searched with their equivalents (a known acronym typed in
    capitals, only through them: knowledge/search/synonyms.py). `drop_function_words`: the
    words a question adds (« comment », « quand »…) are left out, when others remain.
    """
    groups: list[list] = []  # ANDed groups of ORed terms
    excluded, words, typed = [], [], []
    join_next = False
    plain = True
    tokens = []
    for match in TOKEN.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word in OR_WORDS:
            join_next = bool(tokens)
            plain = False
            continue
        if phrase is not None:
            phrase = " ".join(re.findall(r"\w+", phrase))
            if phrase:
                tokens.append(("phrase", phrase, bool(negated), join_next))
                plain = False
        else:
            if word.startswith("-") and len(word) > 1:
                negated, word = "-", word[1:]
            parts = re.findall(r"\w+", word)
            if negated and parts:  # « -mot-composé »: the compound is excluded, not each part
                tokens.append(("word", " ".join(parts), True, join_next))
            for part in [] if negated else parts:
                tokens.append(("word", part, False, join_next))
                join_next = False
            plain = plain and not negated
        join_next = False
    if drop_function_words:
        kept = [token for token in tokens if token[0] != "word" or not is_function_word(token[1])]
        if any(not negated for _kind, _value, negated, _join in kept):
            tokens = kept
    positive_words = [
        value for kind, value, negated, _join in tokens if kind == "word" and not negated
    ]
    spans = {start: (end, expansion) for start, end, expansion in expand(positive_words, holder)}
    terms, acronyms = [], set()
    typed_groups: list[list] = []  # the same groups without what the synonyms add
    expanded = False
    index = 0  # position among the positive plain words
    skip_until = 0
    for kind, value, negated, join in tokens:
        if kind == "phrase":
            term, said = Phrase(value), [value]
            as_typed = term
        elif negated:
            term, said = PlainText(value, operator="and"), [value]
            as_typed = term
        else:
            position, index = index, index + 1
            if position < skip_until:
                continue
            typed.append(value)
            if position in spans:
                end, expansion = spans[position]
                span_words = positive_words[position:end]
                skip_until = end
                term, said = _word_term(span_words, expansion)
                as_typed = PlainText(" ".join(span_words), operator="and")
                expanded = True
                if expansion.acronym:
                    acronyms.add(value)
                typed.extend(span_words[1:])
            else:
                term, said = PlainText(value, operator="and"), [value]
                as_typed = term
        if negated:
            excluded.append(Not(term))
            continue
        words.extend(said)
        terms.append(term)
        if join and groups:
            groups[-1].append(term)
            typed_groups[-1].append(as_typed)
        else:
            groups.append([term])
            typed_groups.append([as_typed])
    if not groups:
        return ParsedQuery(None, [])
    query = _combined(groups, excluded, typed if plain else None)
    typed_query = None
    if expanded and not acronyms:
        typed_query = _combined(typed_groups, excluded, typed if plain else None)
    return ParsedQuery(query, words, terms, plain and not excluded, typed, acronyms, typed_query)


def _combined(groups: list[list], excluded: list, typed: list[str] | None):
    parts = [group[0] if len(group) == 1 else Or(group) for group in groups]
    if len(parts) > 1 and typed and all(isinstance(part, PlainText) for part in parts):
        # Plain words: the same matches, but those holding them as written rank first.
        parts = [Or([Phrase(" ".join(typed)), And(parts)])]
    parts += excluded
    return parts[0] if len(parts) == 1 else And(parts)


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


def private_keys(user: User) -> list[str]:
    """A superuser's own keys (their conversations), which search-everything does not give."""
    memo = user.__dict__.setdefault("_per_user_cache", {})
    if " private-keys" not in memo:
        memo[" private-keys"] = sorted(reader_keys(user))
    return memo[" private-keys"]


def items_for(user: User, filters: Filters | None = None, *, kind: bool = True):
    """The search rows `user` may find, narrowed by `filters` (kind too unless told not)."""
    items = SearchItem.objects.all()
    keys = search_keys(user)
    if keys is not None:
        items = items.filter(access__in=keys)
    elif not settings.SEARCH_LEGAL_PROCEDURE:
        # Superusers: everything but the private correspondence of others.
        items = items.filter(~Q(access__in=[PRIVATE_KEY]) | Q(access__in=private_keys(user)))
    else:
        legal_log.warning("Legal procedure search by user %s", user.pk)
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
        item_id=item.pk,
        clicks=item.clicks,
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


class Step:
    """How the results shown were found: every word (the usual case), without the words a
    question adds, the best matches of some words, or a corrected query."""

    ALL = "all"
    KEYWORDS = "keywords"
    BEST_MATCH = "best-match"
    STRENGTH = {ALL: 3, KEYWORDS: 2, BEST_MATCH: 1}  # how much of the query the results hold


@dataclass
class SearchResults:
    hits: list[Hit]
    counts: dict[str, int]  # by kind
    capped: set[str]  # kinds whose count reached MAX_CANDIDATES
    services: Counter  # facet counts over the hits of the chosen kind(s)
    themes: Counter
    periods: Counter
    families: Counter
    step: str = Step.ALL
    corrected: str = ""  # the corrected query whose results are shown, if any
    suggestion: str = ""  # « Vouliez-vous dire… » when the query as typed found something
    parsed: ParsedQuery | None = field(default=None, repr=False)  # what was searched

    @property
    def words(self) -> list[str]:
        """The words searched for the results shown (synonyms included), for highlighting."""
        return self.parsed.words if self.parsed is not None else []

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _no_results() -> SearchResults:
    """Nothing found (a new object each time: the steps write on what they return)."""
    return SearchResults([], {}, set(), Counter(), Counter(), Counter(), Counter())


PEOPLE_KIND = "person"
BEST_MATCH_CANDIDATES = 100  # items looked at per word when not every word is found together


def _results(every_kind: list[Hit], chosen: list[Hit], counts: Counter) -> SearchResults:
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


def _every_word(user: User, parsed: ParsedQuery, filters: Filters) -> SearchResults:
    """The reader's results, best first, with counts by kind and facet counts: one search over
    every kind (a second one when a kind is chosen), rights and filters inside it. When the
    synonym table added words, what holds the words as typed comes first."""
    every_kind = _tiers(items_for(user, filters, kind=False), parsed)
    counts = Counter(hit.kind for hit in every_kind)
    if filters.kind:
        chosen = _tiers(items_for(user, filters), parsed)
        counts[filters.kind] = max(counts[filters.kind], len(chosen))
    else:
        chosen = every_kind
    return _results(every_kind, chosen, counts)


def _tiers(items, parsed: ParsedQuery) -> list[Hit]:
    hits = _ranked(items, parsed.query, MAX_CANDIDATES)
    if parsed.typed_query is None or not hits:
        return hits
    first = _ranked(items, parsed.typed_query, MAX_CANDIDATES)
    seen = {(hit.kind, hit.pk) for hit in first}
    return (first + [hit for hit in hits if (hit.kind, hit.pk) not in seen])[:MAX_CANDIDATES]


def _matching_ids(items, term) -> list[int]:
    """Ids of the best rows of `items` matching `term` (at most BEST_MATCH_CANDIDATES)."""
    return [item.pk for item in items.search(term, operator="and")[:BEST_MATCH_CANDIDATES]]


INDEX_SIZE_KEY = "search-index-size"
INDEX_SIZE_TIMEOUT = 600


def index_size() -> int:
    """How many rows the index holds, for the words' rarity: the whole index's size, as search
    engines weigh words (BM25's N), not each reader's share. Counting a reader's share cost a
    reader holding 2,000 folder keys two seconds per partial match at 100,000 rows. Read again
    every ten minutes: a weight, not a figure anyone reads."""
    size = cache.get(INDEX_SIZE_KEY)
    if size is None:
        size = SearchItem.objects.count()
        cache.set(INDEX_SIZE_KEY, size, INDEX_SIZE_TIMEOUT)
    return size


def _best_match(user: User, terms: list, filters: Filters) -> SearchResults:
    """Rows holding enough of the words, not all: at least half of the words found anywhere,
    one of them among the rarest half (the common ones are optional), ranked by how much of
    the query they hold, each word weighing by its rarity (a word in few items says more)."""
    # People are found by their whole name here (every word) and, misspelt or in part, by the
    # directory's own matching (social/people/directory.py): their 50,000 rows at a large
    # install would otherwise weigh on every partial match.
    items = items_for(user, filters, kind=False).exclude(kind=PEOPLE_KIND)
    matches = [set(_matching_ids(items, term)) for term in terms]
    found = [ids for ids in matches if ids]
    if not found:
        return _no_results()
    needed = max(1, math.ceil(len(found) / 2))
    rare = sorted(found, key=len)[: max(1, math.ceil(len(found) / 2))]
    rare_ids = set().union(*rare)
    total = max(index_size(), *(len(ids) for ids in found))
    weights = [math.log(1 + total / len(ids)) for ids in found]
    scores: dict[int, float] = {}
    held: Counter = Counter()
    for ids, weight in zip(found, weights, strict=True):
        for pk in ids:
            scores[pk] = scores.get(pk, 0.0) + weight
            held[pk] += 1
    ranked = sorted(
        (pk for pk in scores if held[pk] >= needed and pk in rare_ids),
        key=lambda pk: -scores[pk],
    )[:MAX_CANDIDATES]
    rows = {item.pk: item for item in SearchItem.objects.filter(pk__in=ranked)}
    every_kind = []
    for pk in ranked:
        item = rows[pk]
        item._score = scores[pk]
        every_kind.append(_hit(item))
    every_kind = _named(every_kind)
    chosen = [hit for hit in every_kind if not filters.kind or hit.kind == filters.kind]
    return _results(every_kind, chosen, Counter(hit.kind for hit in every_kind))


def _steps(user: User, text: str, filters: Filters) -> SearchResults:
    """Every word first; when that finds nothing, the same without the words a question adds;
    then the best matches of the words."""
    parsed = parse_query(text, holder=user)
    if parsed.query is None:
        return _no_results()
    results = _every_word(user, parsed, filters)
    results.parsed = parsed
    if results.hits or not parsed.plain:
        return results
    keywords = parse_query(text, drop_function_words=True, holder=user)
    if len(keywords.terms) < len(parsed.terms):
        results = _every_word(user, keywords, filters)
        results.step, results.parsed = Step.KEYWORDS, parsed
        if results.hits:
            return results
    if len(keywords.terms) > 1:
        results = _best_match(user, keywords.terms, filters)
        results.step, results.parsed = Step.BEST_MATCH, parsed
    return results


def _unknown_words(user: User, parsed: ParsedQuery) -> list[str]:
    """The words typed that no row the reader may see holds (the acronyms the intranet knows
    aside)."""
    items = items_for(user)
    return [
        word
        for word in parsed.typed
        if word not in parsed.acronyms
        and not is_function_word(word)
        and not _matching_ids(items, PlainText(word, operator="and"))[:1]
    ]


def _correction(user: User, text: str, parsed: ParsedQuery) -> str:
    """`text` with each word no visible row holds replaced by the closest word of the reader's
    vocabulary (knowledge/search/words.py) that a row they may see holds today (the vocabulary
    may still keep, until its next rebuild, a word of an item hidden since), or "" when there
    is nothing to correct. `parsed`: `text` as `_steps` parsed it."""
    if not parsed.plain:
        return ""
    replacements = {}
    keys = search_keys(user)
    visible = items_for(user)
    for word in _unknown_words(user, parsed):
        for candidate in corrections(word, keys):
            if _matching_ids(visible, PlainText(candidate, operator="and"))[:1]:
                replacements[word] = candidate
                break
    if not replacements:
        return ""
    return " ".join(replacements.get(word, word) for word in re.findall(r"\w+", text))


def search_everything(
    user: User, query: str, filters: Filters | None = None, *, correct: bool = True
) -> SearchResults:
    """The reader's results for `query`, forgiving how agents type: every word first, then
    without a question's words, then the best matches (`_steps`); when that still finds
    nothing, or a word is found nowhere the reader may look, the query corrected from the
    reader's own vocabulary — its results shown at once if the query as typed found nothing,
    else offered (« Vouliez-vous dire… »). A correction is kept only if it finds something."""
    filters = filters or Filters()
    results = _steps(user, query, filters)
    if not correct or (results.hits and results.step == Step.ALL):
        return results
    if results.parsed is None:
        return results
    corrected = _correction(user, query, results.parsed)
    if not corrected:
        return results
    found = _steps(user, corrected, filters)
    if found.hits and (not results.hits or Step.STRENGTH[found.step] > Step.STRENGTH[results.step]):
        # Nothing found as typed, or less of it than with the correction: the corrected
        # query's results, said to be so on the page.
        found.corrected = corrected
        return found
    if results.hits and found.hits:
        results.suggestion = corrected
    return results


SUGGESTION_CANDIDATES = 24


def search_click_record(user: User, item_id: int) -> bool:
    """Count one opening of search row `item_id` from search or suggestions, if `user` may
    find it (a reader cannot make a hidden item popular, nor learn whether it exists)."""
    return bool(items_for(user).filter(pk=item_id).update(clicks=F("clicks") + 1))


def suggestions(user: User, text: str) -> list[Hit]:
    """Titles completing what the reader is typing (autocomplete), only what they may see; none
    below two characters. Titles beginning with what is typed first, then the most opened
    from search, then the most recent, then the best matches."""
    text = " ".join(re.findall(r"\w+", text))
    if len(text) < 2:
        return []
    # People: the header asks the directory, which forgives typing mistakes (views.py).
    results = items_for(user).exclude(kind=PEOPLE_KIND).autocomplete(text).annotate_score("_score")
    hits = [_hit(item) for item in results[:SUGGESTION_CANDIDATES]]  # titles only: no service
    typed = fold(text)
    hits.sort(
        key=lambda hit: (
            not fold(hit.title).startswith(typed),
            -hit.clicks,
            -(hit.date.timestamp() if hit.date else 0),
            -(hit.score or 0),
        )
    )
    return hits[:MAX_SUGGESTIONS]
