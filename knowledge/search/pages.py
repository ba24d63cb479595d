"""Wagtail pages in search: any page model with `cms.core.searchable.SearchablePage` becomes a
search source with `page_source(...)`, declared by the app that owns the model (home declares
its news, knowledge its articles, service and theme pages).

A page's row carries its audience keys behind its deepest view restriction
(`page_access_keys`); a reader holds, for each restriction they pass together with every one
above it, their audience keys behind it (`page_search_keys`, from the reader scope's
"audience" and "restricted" parts). One `__in` clause, any backend.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.utils.html import strip_tags

from wagtail.blocks import StreamValue
from wagtail.models import PageViewRestriction
from wagtail.search import index

from cms.core import generations
from social.people.audience import KEY_EVERYTHING, per_user_cached
from social.people.scope import denied_paths, scope_part

from .sources import SearchSource

if TYPE_CHECKING:
    from social.people.models import User


def page_access_keys(page) -> list[str]:
    """The page's audience keys behind its deepest view restriction, and "*" behind it for
    those who see every audience."""
    prefix = f"r{page.search_restriction}:"
    return [prefix + key for key in page.search_access] + [prefix + KEY_EVERYTHING]


def _page_fields(page, *, kind: str, summary: str, date: str) -> dict | None:
    if not page.live:
        return None
    return {
        "kind": kind,
        "title": page.title,
        "summary": strip_tags(getattr(page, summary) or "")[:2000],
        "url": (page.url or "")[:500],
        "date": getattr(page, date),
        "service_id": getattr(page, "service_id", None),
        "search_themes": page.search_themes,
        "access": page_access_keys(page),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def page_text(page, *, summary: str) -> str:
    """A page's searchable fields (StreamField blocks included) other than its title and
    summary, which the row holds."""
    parts = []
    for search_field in page.get_search_fields():
        if type(search_field) is not index.SearchField or search_field.field_name in {
            "title",
            summary,
        }:
            continue
        value = search_field.get_value(page)
        if isinstance(value, StreamValue):
            parts.extend(value.stream_block.get_searchable_content(value))
        elif value:
            parts.append(strip_tags(str(value)))
    return "\n".join(part for part in parts if part)


def page_source(model, *, kind: str, summary: str, date: str = "last_published_at"):
    """The search source of a SearchablePage model: `summary` names the field shown under its
    title, `date` the one its results are dated by."""
    return SearchSource(
        model=model,
        fields=partial(_page_fields, kind=kind, summary=summary, date=date),
        text=partial(page_text, summary=summary),
        queryset=lambda: model.objects.live().defer_streamfields(),
        prefetch=lambda: model.objects.all(),
        is_page=True,
    )


def search_restriction_ids(user: User) -> list[int] | None:
    """The view restrictions whose pages `user` may find in search (0: pages without any);
    None for superusers, who see everything. A restriction counts when the user passes it and
    every restriction above it (see cms/core/searchable.py)."""
    if user.is_superuser:
        return None
    return per_user_cached(
        user,
        "search-restrictions",
        _compute_search_restrictions,
        generations=(generations.CONTENT,),
    )


def _compute_search_restrictions(user: User) -> list[int]:
    denied = denied_paths(user)
    return [0] + sorted(
        pk
        for pk, path in PageViewRestriction.objects.values_list("pk", "page__path")
        if not any(path.startswith(prefix) for prefix in denied)
    )


def page_search_keys(user: User) -> set[str]:
    audience = scope_part(user, "audience")
    if not audience:
        return set()
    restrictions = search_restriction_ids(user) or [0]
    if KEY_EVERYTHING in audience:
        return {f"r{restriction}:{KEY_EVERYTHING}" for restriction in restrictions}
    return {f"r{restriction}:{key}" for restriction in restrictions for key in audience}
