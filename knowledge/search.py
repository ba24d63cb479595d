"""One search over news, knowledge pages and library documents, for one reader.

Each kind is searched with Wagtail's search framework with the reader's rights *inside* the
search, as filter fields (CONVENTIONS: search filters by access keys): pages by their access
keys and deepest view restriction (`cms.searchable`), documents by the folders the reader may
see. The same holds on PostgreSQL, SQLite and Elasticsearch/OpenSearch. Facets (kind, service,
theme, period, file type) are counted over what the reader may see, so a hidden item is never
a result, nor a number.

At most `MAX_CANDIDATES` best results of each kind are kept; counts that reach it are shown
as « 300+ » (`capped`).
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
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.search.query import And, Not, Or, Phrase, PlainText

from home.models import NewsPage
from home.selectors import news_visible_to
from social.people.audience import KEY_EVERYTHING, user_access_keys

from . import filetypes
from .models import ArticlePage, LibraryDocument, ServicePage, ThemePage
from .selectors import documents_visible_to, search_restriction_ids

if TYPE_CHECKING:
    from social.people.models import User

MAX_CANDIDATES = 300
MAX_SUGGESTIONS = 8
SNIPPET_LENGTH = 240

KINDS = {
    "news": _("Actualités"),
    "article": _("Articles"),
    "page": _("Services et thèmes"),
    "document": _("Documents"),
}

KIND_OF_ONE = {
    "promoted": _("Recommandé"),
    "news": _("Actualité"),
    "article": _("Article"),
    "page": _("Page"),
    "document": _("Document"),
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


# --- Sources --------------------------------------------------------------------------------


def page_search_filters(user: User) -> dict:
    """The filter fields that keep the pages `user` may see (any backend, constant size)."""
    filters = {}
    keys = user_access_keys(user)
    if KEY_EVERYTHING not in keys:
        filters["search_access__in"] = sorted(keys)
    restrictions = search_restriction_ids(user)
    if restrictions is not None:
        filters["search_restriction__in"] = restrictions
    return filters


@dataclass(frozen=True)
class PageSource:
    kind: str
    model: type
    date_field: str
    text_field: str
    has_service: bool = True

    def queryset(self, user: User, filters: Filters):
        if filters.family or (filters.service and not self.has_service):
            return None
        pages = self.model.objects.live().filter(**page_search_filters(user))
        if filters.service:
            pages = pages.filter(service_id=filters.service)
        if filters.theme:
            pages = pages.filter(search_themes__in=[filters.theme])
        if filters.since:
            pages = pages.filter(**{f"{self.date_field}__gte": filters.since})
        if self.has_service:
            pages = pages.select_related("service")
        return pages.defer_streamfields()

    def hit(self, page) -> Hit:
        service = page.service if self.has_service else None
        return Hit(
            kind=self.kind,
            pk=page.pk,
            title=page.title,
            url=page.url,
            score=page._score,
            text=strip_tags(getattr(page, self.text_field) or ""),
            date=getattr(page, self.date_field),
            service=service.name if service else "",
            service_id=service.pk if service else None,
            theme_ids=tuple(int(pk) for pk in page.search_themes),
        )


class DocumentSource:
    kind = "document"

    def queryset(self, user: User, filters: Filters):
        documents = documents_visible_to(user).select_related("service")
        if filters.service:
            documents = documents.filter(service_id=filters.service)
        if filters.theme:
            documents = documents.filter(search_themes__in=[filters.theme])
        if filters.since:
            documents = documents.filter(file_updated_at__gte=filters.since)
        if filters.family in filetypes.FAMILIES:
            documents = documents.filter(mime_type__in=_mime_types(filters.family))
        # Only what a result shows: the extracted text stays in the database.
        return documents.only(
            "pk",
            "title",
            "description",
            "mime_type",
            "file",
            "file_size",
            "file_updated_at",
            "search_themes",
            "collection_id",
            "service__name",
        )

    def hit(self, document) -> Hit:
        from django.urls import reverse

        kind = filetypes.kind_for_mime(document.mime_type)
        return Hit(
            kind=self.kind,
            pk=document.pk,
            title=document.title,
            url=reverse("library:document", args=[document.pk]),
            score=document._score,
            text=document.description,
            date=document.file_updated_at,
            service=document.service.name if document.service else "",
            service_id=document.service_id,
            theme_ids=tuple(int(pk) for pk in document.search_themes),
            details=[document.type_label, filesizeformat(document.file_size or 0)],
            family=kind.family if kind else "",
        )


def _mime_types(family: str) -> list[str]:
    return [kind.mime_type for kind in filetypes.KINDS.values() if kind.family == family]


SOURCES = {
    "news": [PageSource("news", NewsPage, "date", "lead")],
    "article": [PageSource("article", ArticlePage, "last_published_at", "lead")],
    "page": [
        PageSource("page", ServicePage, "last_published_at", "description"),
        PageSource("page", ThemePage, "last_published_at", "introduction", has_service=False),
    ],
    "document": [DocumentSource()],
}


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


def _kind_hits(user: User, kind: str, parsed: ParsedQuery, filters: Filters) -> list[Hit]:
    hits = []
    for source in SOURCES[kind]:
        queryset = source.queryset(user, filters)
        if queryset is None:
            continue
        results = queryset.search(parsed.query, operator="and").annotate_score("_score")
        hits.extend(source.hit(item) for item in results[:MAX_CANDIDATES])
    return hits[:MAX_CANDIDATES]


def search_everything(user: User, query: str, filters: Filters | None = None) -> SearchResults:
    """The reader's results, best first, with counts by kind and facet counts."""
    filters = filters or Filters()
    parsed = parse_query(query)
    if parsed.query is None:
        return SearchResults([], {}, set(), Counter(), Counter(), Counter(), Counter())
    by_kind = {kind: _kind_hits(user, kind, parsed, filters) for kind in SOURCES}
    counts = {kind: len(hits) for kind, hits in by_kind.items()}
    chosen = (
        by_kind[filters.kind]
        if filters.kind in by_kind
        else [hit for hits in by_kind.values() for hit in hits]
    )
    chosen.sort(key=lambda hit: (-hit.score, -(hit.date.timestamp() if hit.date else 0)))
    now = timezone.now()
    return SearchResults(
        hits=chosen,
        counts=counts,
        capped={kind for kind, count in counts.items() if count >= MAX_CANDIDATES},
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
    hits = []
    filters = Filters()
    for sources in SOURCES.values():
        for source in sources:
            results = source.queryset(user, filters).autocomplete(text).annotate_score("_score")
            hits.extend(source.hit(item) for item in results[:MAX_SUGGESTIONS])
    hits.sort(key=lambda hit: (-hit.score, -(hit.date.timestamp() if hit.date else 0)))
    return hits[:MAX_SUGGESTIONS]


# --- Snippets ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, one character for one character (so indices match)."""
    return "".join(unicodedata.normalize("NFD", char)[0] for char in text.lower())


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


SNIPPET_SOURCE_CHARS = 50_000


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


def promotions_for(user: User, query: str) -> list[Hit]:
    """Wagtail search promotions for this query (accents and case ignored), shown first: the
    pages among them that the reader may see, and the links editors wrote."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    from .selectors import page_is_visible

    wanted = _fold(normalise_query_string(query))
    promotions = [
        promotion
        for promotion in SearchPromotion.objects.select_related("query", "page").order_by(
            "sort_order", "pk"
        )[:500]
        if _fold(promotion.query.query_string) == wanted
    ]
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
    """Count the query (and whether it found nothing) for today, for the editors' report."""
    from django.db import IntegrityError, transaction
    from django.db.models import F

    from .models import SearchTermDay

    term, day = normalise_term(query), timezone.localdate()
    if not term:
        return
    increments = {
        "searches": F("searches") + 1,
        "without_results": F("without_results") + (0 if found else 1),
    }
    if SearchTermDay.objects.filter(term=term, day=day).update(**increments):
        return
    try:
        with transaction.atomic():
            SearchTermDay.objects.create(
                term=term, day=day, searches=1, without_results=0 if found else 1
            )
    except IntegrityError:  # created meanwhile by another request
        SearchTermDay.objects.filter(term=term, day=day).update(**increments)


REPORT_DAYS = 30


def search_terms_report(days: int = REPORT_DAYS, limit: int = 50) -> dict[str, list[dict]]:
    """Top queries and queries without results over the last `days` days."""
    from django.db.models import Sum

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
