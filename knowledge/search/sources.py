"""What search is made of, declared by the capabilities that plug into it.

The search core (this package) imports no content app. Each app declares, in its `ready()`:

- its **sources** (`register_search_source`): a model whose objects have a search row — how the
  row is filled (`fields`, None when the object must not be found), the object's full text for
  the index (`text`), and every object that may have a row (`queryset`, for rebuilds);
- its **kinds** (`register_search_kind`): the name of a kind of result (« Actualités »), the
  details shown under a hit, and any text read only for the snippets of the hits on show;
- its **keys** (`register_search_keys`): the access keys a reader holds for its rows, computed
  from the reader scope (social/people/scope.py), so that search filters with the same answer to
  « who may see this » as every page, list and feed.

Wagtail pages with `cms.core.searchable.SearchablePage` are declared with `page_source`
(knowledge/search/pages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from ..models.taxonomy import theme_names

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from social.people.models import User


@dataclass(frozen=True)
class SearchSource:
    model: type
    fields: Callable[[Any], dict | None]
    text: Callable[[Any], str]
    queryset: Callable[[], QuerySet]  # what a rebuild writes rows for
    prefetch: Callable[[], QuerySet] | None = None  # what indexing reads (default: queryset)
    is_page: bool = False
    theme_names_indexed: bool = False  # its own index entries hold its themes' names

    def prefetch_queryset(self) -> QuerySet:
        return (self.prefetch or self.queryset)()


@dataclass(frozen=True)
class SearchKind:
    name: str
    label: str | Promise  # the kind's tab: « Actualités »
    label_one: str | Promise  # one hit: « Actualité »
    details: Callable[[Any], list[str]] | None = None  # under a hit, from its SearchItem row
    snippet_texts: Callable[[list[int]], dict[int, str]] | None = None  # by source id
    order: int = 100  # place among the tabs


# Rows of private correspondence (messages) hold this key beside their conversation's: the
# superusers, who find everything else without keys, find only those of their own conversations
# (knowledge.search.query.items_for), unless the legal procedure mode is on.
PRIVATE_KEY = "private"

_sources: dict[type, SearchSource] = {}
_kinds: dict[str, SearchKind] = {}
_keys: dict[str, Callable[[User], Iterable[str]]] = {}


def register_search_source(source: SearchSource) -> None:
    _sources[source.model] = source


def register_search_kind(kind: SearchKind) -> None:
    _kinds[kind.name] = kind


def register_search_keys(name: str, compute: Callable[[User], Iterable[str]]) -> None:
    """Declare the access keys a reader holds for one capability's rows."""
    _keys[name] = compute


def source_for(obj_or_model) -> SearchSource | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _sources.get(model)


def search_sources() -> list[SearchSource]:
    return list(_sources.values())


def page_models() -> list[type]:
    return [source.model for source in _sources.values() if source.is_page]


def search_kinds() -> dict[str, SearchKind]:
    """Every kind, in the order of their tabs."""
    return {kind.name: kind for kind in sorted(_kinds.values(), key=lambda kind: kind.order)}


def reader_keys(user: User) -> set[str]:
    keys: set[str] = set()
    for compute in _keys.values():
        keys.update(compute(user))
    return keys


def source_text(source) -> str:
    """The full text of `source` for the index: what its source says (a page's body, a
    document's extracted text and tags…) and the names of its themes."""
    registered = source_for(source)
    if registered is None:
        return ""
    parts = [registered.text(source)]
    parts.extend(theme_names(getattr(source, "search_themes", None) or []))
    return "\n".join(part for part in parts if part)
