"""Library documents in search: a document's row carries its folder as access key; a reader
holds the keys of the folders they see (the reader scope's "folders" part). A hit says the
file's type and size, and its snippet may come from the beginning of the file's text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models.functions import Substr
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Collection

from social.people.scope import scope_part

from ..models import LibraryDocument
from ..search.sources import SearchKind, SearchSource
from . import filetypes

if TYPE_CHECKING:
    from social.people.models import User

SNIPPET_SOURCE_CHARS = 20_000  # a page of results never loads whole files' text


def document_fields(document: LibraryDocument) -> dict | None:
    if document.deleted_at:
        return None  # in the bin: found by nobody
    kind = filetypes.kind_for_mime(document.mime_type)
    return {
        "kind": "document",
        "title": document.title,
        "summary": document.description[:2000],
        "url": reverse("library:document", args=[document.pk]),
        "date": document.file_updated_at,
        "service_id": document.service_id,
        "search_themes": document.search_themes,
        "access": [f"folder:{document.collection_id}"],
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


def folder_search_keys(user: User) -> set[str]:
    folders = scope_part(user, "folders")
    if "*" in folders:
        return {f"folder:{pk}" for pk in Collection.objects.values_list("pk", flat=True)}
    return set(folders)


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
