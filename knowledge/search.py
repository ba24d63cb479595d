"""One search over news, knowledge pages and library documents, for one reader.

Each kind is searched with Wagtail's search framework (a bounded set of candidates, best first),
then narrowed to what the reader may see with the same selectors as every list of the intranet
(`news_visible_to`, `articles_visible_to`, `visible_pages`, `documents_visible_to`). Counts per
kind are counted *after* that narrowing: a hidden item is never a result, nor a number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models.functions import Substr
from django.template.defaultfilters import filesizeformat
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from home.models import NewsPage
from home.selectors import news_visible_to

from .models import ArticlePage, LibraryDocument, ServicePage, ThemePage
from .selectors import articles_visible_to, documents_visible_to, visible_pages

if TYPE_CHECKING:
    from social.people.models import User

MAX_CANDIDATES = 300
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

    @property
    def kind_label(self) -> str:
        return str(KIND_OF_ONE[self.kind])


def _scored(queryset, query: str) -> list:
    results = queryset.search(query, operator="and").annotate_score("_score")
    return list(results[:MAX_CANDIDATES])


def _page_candidates(model, query: str):
    # Only ids and scores are used from candidates: their StreamFields stay in the database.
    return _scored(model.objects.live().defer_streamfields(), query)


def _page_hits(kind: str, model, visible, query: str, *, date_field: str) -> list[Hit]:
    """Hits of one page type: Wagtail's candidates, kept if in the reader's `visible` set."""
    candidates = _page_candidates(model, query)
    pages = visible.in_bulk([candidate.pk for candidate in candidates])
    return [
        Hit(
            kind=kind,
            title=page.title,
            url=page.url,
            score=candidate._score,
            text=page.lead,
            date=getattr(page, date_field),
            service=page.service.name if page.service else "",
        )
        for candidate in candidates
        if (page := pages.get(candidate.pk)) is not None
    ]


def _news(user: User, query: str) -> list[Hit]:
    return _page_hits("news", NewsPage, news_visible_to(user), query, date_field="date")


def _articles(user: User, query: str) -> list[Hit]:
    return _page_hits(
        "article", ArticlePage, articles_visible_to(user), query, date_field="last_published_at"
    )


def _pages(user: User, query: str) -> list[Hit]:
    hits = []
    for model, text_field in ((ServicePage, "description"), (ThemePage, "introduction")):
        candidates = _page_candidates(model, query)
        visible = visible_pages(user, model.objects.live()).in_bulk(
            [page.pk for page in candidates]
        )
        hits.extend(
            Hit(
                kind="page",
                title=page.title,
                url=page.url,
                score=candidate._score,
                text=strip_tags(getattr(page, text_field) or ""),
                date=page.last_published_at,
            )
            for candidate in candidates
            if (page := visible.get(candidate.pk)) is not None
        )
    return hits


def _documents(user: User, query: str) -> list[Hit]:
    from django.urls import reverse

    candidates = _scored(documents_visible_to(user), query)
    # The search backend returns bare rows: fetch what a result shows in one query.
    by_id = (
        LibraryDocument.objects.select_related("service")
        .only(
            "pk",
            "title",
            "description",
            "mime_type",
            "file",
            "file_size",
            "file_updated_at",
            "service__name",
        )
        .in_bulk([document.pk for document in candidates])
    )
    hits = []
    for candidate in candidates:
        document = by_id.get(candidate.pk)
        if document is None:
            continue
        hits.append(
            Hit(
                kind="document",
                pk=document.pk,
                title=document.title,
                url=reverse("library:document", args=[document.pk]),
                score=candidate._score,
                text=document.description,
                date=document.file_updated_at,
                service=document.service.name if document.service else "",
                details=[document.type_label, filesizeformat(document.file_size or 0)],
            )
        )
    return hits


SOURCES = {"news": _news, "article": _articles, "page": _pages, "document": _documents}


def search_everything(user: User, query: str, *, kind: str = "") -> tuple[list[Hit], dict]:
    """The reader's results, best first, and the number of results of each kind."""
    by_kind = {name: source(user, query) for name, source in SOURCES.items()}
    counts = {name: len(hits) for name, hits in by_kind.items()}
    chosen = (
        by_kind.get(kind) if kind in by_kind else [h for hits in by_kind.values() for h in hits]
    )
    chosen.sort(key=lambda hit: (-hit.score, -(hit.date.timestamp() if hit.date else 0)))
    return chosen, counts


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


def search_term_record(query: str) -> None:
    """Count the query for the editors' « Search terms » report (Wagtail's)."""
    from wagtail.contrib.search_promotions.models import Query

    Query.get(query).add_hit()
