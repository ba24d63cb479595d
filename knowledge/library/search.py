"""Library documents in search: a document's row carries the key of its nearest restricted
folder (« library » where none is) and, as its places, its folder and those above it; a reader
holds « library » and the keys of the restricted folders they may enter (selectors.py). A hit
says the file's type and size, and its snippet may come from the beginning of the file's
text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Substr
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection

from cms.core.fields import KeyListField

from ..models import LibraryDocument, SearchItem
from ..search.index import search_rows_sync
from ..search.sources import SearchKind, SearchSource
from ..search.words import vocabulary_rebuild
from . import filetypes
from .selectors import (
    compute_library_tree,
    document_keys,
    folder_access_key,
)

if TYPE_CHECKING:
    pass

SNIPPET_SOURCE_CHARS = 20_000  # a page of results never loads whole files' text


def document_fields(document: LibraryDocument) -> dict | None:
    if document.deleted_at:
        return None  # in the bin: found by nobody
    kind = filetypes.kind_for_mime(document.mime_type)
    access, places = document_keys(document.collection_id)
    return {
        "kind": "document",
        "title": document.title,
        "summary": document.description[:2000],
        "url": reverse("library:document", args=[document.pk]),
        "date": document.file_updated_at,
        "service_id": document.service_id,
        "search_themes": document.search_themes,
        "access": [access],
        "places": places,
        "family": kind.family if kind else "",
        "mime_type": document.mime_type,
        "file_size": document.file_size,
    }


def document_text(document: LibraryDocument) -> str:
    return "\n".join(
        part for part in [document.extracted_text or "", *document.tag_names()] if part
    )


def document_details(item) -> list[str]:
    kind = filetypes.kind_for_mime(item.mime_type)
    return [
        detail
        for detail in [kind.label if kind else "", filesizeformat(item.file_size or 0)]
        if detail
    ]


def document_beginnings(ids: list[int]) -> dict[int, str]:
    return dict(
        LibraryDocument.objects.filter(pk__in=ids)
        .annotate(beginning=Substr("extracted_text", 1, SNIPPET_SOURCE_CHARS))
        .values_list("pk", "beginning")
    )


DOCUMENT_SOURCE = SearchSource(
    model=LibraryDocument,
    fields=document_fields,
    text=document_text,
    queryset=lambda: LibraryDocument.objects.defer("extracted_text"),
    prefetch=lambda: LibraryDocument.with_tag_names(LibraryDocument.objects.all()),
    theme_names_indexed=True,
)

DOCUMENT_KIND = SearchKind(
    name="document",
    label=_("Documents"),
    label_one=_("Document"),
    details=document_details,
    snippet_texts=document_beginnings,
    order=40,
)


RESYNC_CHUNK = 1_000


def folder_access_keys_write(folder_id: int) -> bool:
    """The access keys of the documents' search rows under a folder, rewritten in the
    transaction that restricted, opened or moved it: search never shows them, for one moment,
    to readers they are now hidden from (their places, their index entries on Elasticsearch or
    OpenSearch and the vocabulary follow in a worker: `folder_documents_resync`). A few
    statements, one per restricted folder in the sub-tree. Whether any key changed."""
    folder = Collection.objects.filter(pk=folder_id).first()
    if folder is None:
        return False
    tree = compute_library_tree()  # as this transaction left it, not as cached
    below = [r.path for r in tree.restrictions if r.path.startswith(folder.path)]
    zones = sorted({folder.path, *below})
    content_type = ContentType.objects.get_for_model(LibraryDocument)
    changed = 0
    for zone in zones:
        key = folder_access_key(zone, tree)
        documents = LibraryDocument.objects.filter(collection__path__startswith=zone)
        for deeper in zones:
            if deeper != zone and deeper.startswith(zone):
                documents = documents.exclude(collection__path__startswith=deeper)
        rows = SearchItem.objects.filter(
            content_type=content_type, source_id__in=documents.values("pk")
        ).exclude(access=KeyListField().get_prep_value([key]))
        changed += rows.update(access=[key])
    return changed > 0


def folder_documents_resync(folder_id: int, *, keys_changed: bool = False) -> int:
    """The search rows of the documents in a folder and its sub-folders written again (a
    restriction was added, removed or changed on it, or it moved): their places, and their
    entries in the index. When their keys changed, the vocabulary is rebuilt, so that the words
    of documents now restricted are no longer offered as corrections to readers who may not
    see them. Idempotent (a worker's task); how many rows were written."""
    folder = Collection.objects.filter(pk=folder_id).first()
    if folder is None:
        return 0
    content_type = ContentType.objects.get_for_model(LibraryDocument)
    documents = LibraryDocument.objects.filter(collection__path__startswith=folder.path)
    ids = list(documents.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), RESYNC_CHUNK):
        written += search_rows_sync(
            content_type_id=content_type.pk, object_ids=ids[start : start + RESYNC_CHUNK]
        )
    if keys_changed:  # told by folder_access_keys_write, in the change's own transaction
        vocabulary_rebuild()
    return written
