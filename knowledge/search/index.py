"""Keep `SearchItem` rows (knowledge/models/search_index.py) in step with what they stand for.

Every object of a registered search source (knowledge/search/sources.py: news, articles,
service and theme pages, library documents, groups, posts…) has one row holding what search
filters and shows: kind, title, summary, address, date, service, themes, file type and the
access keys of who may find it. The sources' apps call `search_item_sync` when an object
changes (signals) and `search_item_remove` when it goes. Saving a row makes Wagtail index it in
a background task, reading the source's full text there (`sources.source_text`).
`search_items_rebuild` writes every row again (`make reindex`).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.search.backends import get_search_backends

from cms.core import generations

from ..models import SearchItem, Theme
from ..models.taxonomy import forget_theme_names
from .sources import page_models, search_sources, source_for
from .words import vocabulary_add, vocabulary_add_many


def item_fields(source) -> dict | None:
    """What the search row of `source` holds; None when it must not be found at all."""
    registered = source_for(source)
    return registered.fields(source) if registered is not None else None


def search_item_sync(source) -> SearchItem | None:
    """Create, update or remove the search row of `source` (a specific page or a document)."""
    fields = item_fields(source)
    if fields is None:
        search_item_remove(source)
        return None
    content_type = ContentType.objects.get_for_model(source)
    with transaction.atomic():
        item, _created = SearchItem.objects.update_or_create(
            content_type=content_type, source_id=source.pk, defaults=fields
        )
        vocabulary_add(item)
    return item


BULK_SYNC = 50  # from this many objects, their rows are written and indexed in bulk


def search_rows_sync(*, content_type_id: int, object_ids: list[int]) -> int:
    """`search_item_sync` for each of these objects still there (a Celery task's work); many
    at once (an HR import, a group's posts) in bulk: one upsert, one index write per chunk."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    registered = source_for(model)
    with generations.snapshot():  # the rows' rights computed from one reading
        if registered is not None and len(object_ids) >= BULK_SYNC:
            return _search_rows_sync_many(registered, content_type_id, object_ids)
        count = 0
        for source in model._base_manager.filter(pk__in=object_ids).iterator():
            search_item_sync(source)
            count += 1
        return count


def _search_rows_sync_many(registered, content_type_id: int, object_ids: list[int]) -> int:
    """The rows of `object_ids` as `search_item_sync` would leave them: written for those that
    may be found, removed for the others (gone, hidden, or outside the source's queryset)."""
    found = {
        source.pk: source for source in registered.prefetch_queryset().filter(pk__in=object_ids)
    }
    rows, columns, hidden = [], set(), []
    for pk in object_ids:
        fields = item_fields(found[pk]) if pk in found else None
        if fields is None:
            hidden.append(pk)
            continue
        columns.update(fields)
        rows.append(SearchItem(content_type_id=content_type_id, source_id=pk, **fields))
    with transaction.atomic():
        _upsert(rows, columns)
        items = list(
            SearchItem.get_indexed_objects().filter(
                content_type_id=content_type_id, source_id__in=[row.source_id for row in rows]
            )
        )
        vocabulary_add_many(items)
    for backend in get_search_backends(with_auto_update=True):
        if items:
            backend.add_bulk(SearchItem, items)
    if hidden:
        search_items_remove_many(registered.model, hidden)
    return len(items)


def search_item_remove(source) -> None:
    content_type = ContentType.objects.get_for_model(source)
    for item in SearchItem.objects.filter(content_type=content_type, source_id=source.pk):
        item.delete()  # one by one: Wagtail removes each from the index


def search_items_remove_many(model, source_ids: list[int]) -> int:
    """The rows of many objects of `model` gone at once (a deleted group's posts), with their
    index entries: a few statements on the database backend instead of three per row; other
    backends are told row by row. Returns the number of rows removed."""
    content_type = ContentType.objects.get_for_model(model)
    items = SearchItem.objects.filter(content_type=content_type, source_id__in=source_ids)
    item_ids = list(items.values_list("pk", flat=True))
    if not item_ids:
        return 0
    item_type = ContentType.objects.get_for_model(SearchItem)
    for backend in get_search_backends(with_auto_update=True):
        search_index = backend.get_index_for_model(SearchItem)
        entries = getattr(search_index, "entries", None)  # the database backend's rows
        if entries is not None:
            entries.filter(
                content_type_id=item_type.pk, object_id__in=[str(pk) for pk in item_ids]
            )._raw_delete(entries.db)
        else:
            for item in SearchItem.objects.filter(pk__in=item_ids):
                backend.delete(item)
    SearchItem.objects.filter(pk__in=item_ids)._raw_delete(SearchItem.objects.db)
    return len(item_ids)


def search_items_sync_subtree(path: str) -> int:
    """Every searchable page under `path` (moved, renamed or restricted) again."""
    count = 0
    for model in page_models():
        for page in model.objects.filter(path__startswith=path).defer_streamfields():
            search_item_sync(page)
            count += 1
    return count


def service_entries_reindex(service_id: int, chunk_size: int = 500) -> int:
    """The index entries of the rows of a service, written again (its name or acronym is in
    them). Returns how many."""
    count = 0
    for backend in get_search_backends(with_auto_update=True):
        items = SearchItem.get_indexed_objects().filter(service_id=service_id)
        batch = []
        for item in items.iterator(chunk_size=chunk_size):
            batch.append(item)
            if len(batch) == chunk_size:
                backend.add_bulk(SearchItem, batch)
                count += len(batch)
                batch = []
        if batch:
            backend.add_bulk(SearchItem, batch)
            count += len(batch)
    return count


def theme_carriers() -> list[tuple[type, bool]]:
    """Whatever keeps theme ids in a `search_themes` column (the theme facet's ids), and
    whether its own index entries hold the themes' names (to be written again)."""
    carriers = [(SearchItem, True)]
    for source in search_sources():
        if any(field.name == "search_themes" for field in source.model._meta.get_fields()):
            carriers.append((source.model, source.theme_names_indexed))
    return carriers


def theme_entries_reindex(theme_id: int, chunk_size: int = 500) -> int:
    """After a theme is renamed or deleted: every index entry holding its name written again
    with the new one (or without it), and, when it is gone, its id taken out of every
    `search_themes` column (deleting a theme removes the links to it without any signal, so
    the theme facet would keep it). Idempotent; returns the number of entries written."""
    forget_theme_names()
    deleted = not Theme.objects.filter(pk=theme_id).exists()
    written = 0
    for model, names_indexed in theme_carriers():
        ids = list(
            model.objects.filter(search_themes__in=[theme_id])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), chunk_size):
            chunk = ids[start : start + chunk_size]
            if deleted:
                _drop_theme_id(model, chunk, theme_id)
            if names_indexed:
                objects = list(model.get_indexed_objects().filter(pk__in=chunk).order_by("pk"))
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, objects)
                written += len(objects)
    return written


def _drop_theme_id(model, ids: list[int], theme_id: int) -> None:
    key = str(theme_id)
    with transaction.atomic():
        rows = model.objects.filter(pk__in=ids).select_for_update()
        for pk, themes in rows.values_list("pk", "search_themes"):
            model.objects.filter(pk=pk).update(
                search_themes=[theme for theme in themes if theme != key]
            )


def search_items_rebuild(chunk_size: int = 1000) -> int:
    """Every search row written again from its source, in bulk and without indexing them one
    by one (after an upgrade, or to repair); `update_index` indexes them afterwards. Rows keep
    their ids, so their index entries go on answering while the index is rebuilt (recreated
    rows had none: search found nothing for minutes); rows whose source is gone or may no
    longer be found are deleted, with their entries. Each chunk is committed on its own, so
    an author's save waits for a chunk, not for the whole rebuild. Returns the rows written."""
    sources = search_sources()
    content_types = ContentType.objects.get_for_models(*(source.model for source in sources))
    batches = [source.queryset().order_by("pk") for source in sources]
    written, kept, columns = 0, set(), set()
    with generations.snapshot() as counters:
        for queryset in batches:
            rows = []
            for source in queryset.iterator(chunk_size=chunk_size):
                fields = item_fields(source)
                if fields is None:
                    continue
                content_type = content_types[type(source)]
                kept.add((content_type.pk, source.pk))
                columns.update(fields)
                rows.append(SearchItem(content_type=content_type, source_id=source.pk, **fields))
                if len(rows) == chunk_size:
                    written += _upsert(rows, columns)
                    rows = []
                    counters.clear()  # rights read again for each chunk
            written += _upsert(rows, columns)
    stale = [
        pk
        for pk, content_type_id, source_id in SearchItem.objects.values_list(
            "pk", "content_type_id", "source_id"
        ).iterator(chunk_size=10_000)
        if (content_type_id, source_id) not in kept
    ]
    for start in range(0, len(stale), chunk_size):
        chunk = SearchItem.objects.filter(pk__in=stale[start : start + chunk_size])
        for item in chunk.select_related("content_type"):
            _check_row(item)
    return written


def _check_row(item: SearchItem) -> None:
    """A row the rebuild did not write: its source is gone or hidden (the row goes, and its
    entry with it), or changed while the rebuild ran (the row follows it)."""
    model = item.content_type.model_class()
    source = model._default_manager.filter(pk=item.source_id).first() if model else None
    if source is None:
        item.delete()  # one by one: Wagtail removes each from the index
    else:
        search_item_sync(source)


def _upsert(rows: list[SearchItem], columns: set[str]) -> int:
    """Insert the rows, or update the existing row of the same source in place."""
    if rows:
        SearchItem.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["content_type", "source_id"],
            update_fields=sorted(columns),
        )
    return len(rows)
