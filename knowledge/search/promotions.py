"""Editors' picks (Wagtail's search promotions) shown first for their query, accents and case
ignored: the pages among them the reader may see, and the links editors wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import caches
from django.utils.html import conditional_escape

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from cms.core import generations
from social.people.scope import page_is_visible

from .query import Hit
from .snippets import _fold

if TYPE_CHECKING:
    from social.people.models import User

PROMOTIONS_GENERATION_KEY = generations.PROMOTIONS


def _promoted_queries(user) -> dict[str, list[int]]:
    """Editors' picks by folded query, cached until a pick changes (knowledge/search/signals.py)."""
    key = f"search-promotions:{generations.value(PROMOTIONS_GENERATION_KEY, user)}"
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
    wanted = _fold(normalise_query_string(query))
    promoted_ids = _promoted_queries(user).get(wanted)
    if not promoted_ids:
        return []
    promotions = SearchPromotion.objects.select_related("query", "page").filter(pk__in=promoted_ids)
    promotions = sorted(promotions, key=lambda promotion: (promotion.sort_order, promotion.pk))
    hits = []
    for promotion in promotions:
        page = promotion.page
        if page is not None:
            specific = page.specific
            is_visible_to = getattr(specific, "is_visible_to", None)  # pages with an audience
            visible = (
                page.live
                and page_is_visible(user, page)
                and (is_visible_to is None or is_visible_to(user))
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
