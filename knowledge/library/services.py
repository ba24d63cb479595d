"""Write-side operations of the document library: upload, versions, renaming, moving, the bin,
and the analysis of each file (text, pages, language, preview)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import unquote

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from celery.exceptions import SoftTimeLimitExceeded

from cms.core.media import local_copy
from social.notifications.models import Notification
from social.notifications.services import notify

from ..models import (
    ExtractionFailure,
    ExtractionStatus,
    LibraryDocument,
    LibraryDocumentVersion,
    ScanStatus,
)
from . import extraction, filetypes
from .antivirus import ScannerUnavailable, antivirus_enabled, scan_file
from .folders import folder_service
from .selectors import document_editors

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from wagtail.models import Collection

    from social.people.models import Service, User

    from ..models import Theme

logger = logging.getLogger(__name__)


def _title_from_filename(filename: str) -> str:
    """« procès-verbal_du_conseil.pdf » → « Procès verbal du conseil »: accents kept, whether the
    name came composed, decomposed (macOS) or percent-encoded by the client."""
    if re.search(r"%[0-9A-Fa-f]{2}", filename):
        with contextlib.suppress(UnicodeDecodeError):
            filename = unquote(filename, errors="strict")
    filename = unicodedata.normalize("NFC", filename)
    stem = os.path.splitext(filename.replace("\\", "/").rsplit("/", 1)[-1])[0]
    stem = "".join(char for char in stem if char.isprintable())
    title = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return (title[:1].upper() + title[1:])[:255] or gettext("Document sans titre")


def _accept_file(uploaded_file: UploadedFile) -> filetypes.FileKind:
    """Judge the upload by its content and give it a clean name (or raise `Rejected`)."""
    kind = filetypes.inspect(uploaded_file, uploaded_file.name)
    uploaded_file.name = filetypes.sanitise_filename(uploaded_file.name, kind.extension)
    return kind


@transaction.atomic
def document_upload(
    *,
    user: User,
    folder: Collection,
    uploaded_file: UploadedFile,
    title: str = "",
    description: str = "",
    service: Service | None = None,
    themes: Iterable[Theme] = (),
    tags: Iterable[str] = (),
) -> LibraryDocument:
    """Store a new document in `folder`. The file is checked (type by content, size) before
    anything is written; its analysis runs later in a worker (see `document_extract`)."""
    original_name = uploaded_file.name
    kind = _accept_file(uploaded_file)
    document = LibraryDocument(
        title=(title.strip() or _title_from_filename(original_name))[:255],
        description=description.strip(),
        file=uploaded_file,
        collection=folder,
        uploaded_by_user=user,
        file_updated_by=user,
        service=service or folder_service(folder) or user.service,
        mime_type=kind.mime_type,
    )
    document.save()
    if themes:
        document.themes.set(themes)
    if tags:
        document.tags.add(*tags)
    return document


@transaction.atomic
def document_version_add(
    *,
    user: User,
    document: LibraryDocument,
    uploaded_file: UploadedFile,
    accept_type_change: bool = False,
) -> LibraryDocument:
    """Replace the document's file; the current one becomes an earlier version. A file of
    another type (a DOCX for a PDF) is refused unless the person said they meant it: links and
    habits expect the document's type."""
    kind = _accept_file(uploaded_file)
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    current = document.kind
    if current is not None and current.extension != kind.extension and not accept_type_change:
        raise filetypes.Rejected(
            gettext(
                "Le document était un %(before)s, la nouvelle version est un %(after)s. "
                "Cochez « Accepter un autre type de fichier » et déposez-la de nouveau pour "
                "confirmer."
            )
            % {"before": current.label, "after": kind.label}
        )
    document.file = uploaded_file
    document.mime_type = kind.mime_type
    document.file_updated_by = user
    document.save()
    return document


BIN_DAYS = 30


@transaction.atomic
def document_rename(*, user: User, document: LibraryDocument, title: str) -> LibraryDocument:
    """A new title (what the person typed, trimmed); an empty one is refused."""
    title = " ".join(title.split())[:255]
    if not title:
        raise filetypes.Rejected(gettext("Donnez un titre au document."))
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    document.title = title
    document.save(update_fields=["title"])
    return document  # its search row follows (signals.document_search_row)


@transaction.atomic
def document_move(*, user: User, document: LibraryDocument, folder) -> LibraryDocument:
    """Into `folder`, which the caller checked `user` may add to; the document takes the
    folder's service."""
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    document.collection = folder
    document.service = folder_service(folder) or document.service
    document.save(update_fields=["collection", "service"])
    return document  # its search row follows (signals.document_search_row)


@transaction.atomic
def document_trash(*, user: User, document: LibraryDocument) -> LibraryDocument:
    """Into the bin: gone from lists, search and downloads, kept BIN_DAYS days with its files
    and versions, restorable by the editors of its folder."""
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    document.deleted_at = timezone.now()
    document.deleted_by = user
    document.save(update_fields=["deleted_at", "deleted_by"])
    return document  # its search row follows (signals.document_search_row)


@transaction.atomic
def document_untrash(*, user: User, document: LibraryDocument) -> LibraryDocument:
    """Back from the bin, where it was, as it was."""
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    document.deleted_at = None
    document.deleted_by = None
    document.save(update_fields=["deleted_at", "deleted_by"])
    return document  # its search row follows (signals.document_search_row)


def library_bin_purge(*, days: int = BIN_DAYS, cutoff=None) -> int:
    """Delete for good what went in the bin before `cutoff` (by default `days` days ago: the
    « bin » retention, social/privacy/); its files leave the disk once each deletion commits.
    Idempotent; how many went."""
    cutoff = cutoff or timezone.now() - timedelta(days=days)
    count = 0
    for document in LibraryDocument.objects.filter(deleted_at__lt=cutoff).iterator():
        with transaction.atomic():
            document.delete()
        count += 1
    return count


@transaction.atomic
def document_version_restore(
    *, user: User, document: LibraryDocument, version: LibraryDocumentVersion
) -> LibraryDocument:
    """Make an earlier version current again, as a new version (history is never rewritten)."""
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    with version.file.open("rb") as source:
        document.file = File(source, name=version.filename)
        document.mime_type = version.mime_type
        document.file_updated_by = user
        document.save()
    return document


def document_scan(*, document_id: int, include_unscanned: bool = False) -> str:
    """The antivirus's verdict on the document's current file (idempotent): "clean" (or no
    antivirus), "infected" (quarantined: never served nor analysed, its uploader and the folder's
    editors told), "waiting" (clamd down: the file stays unavailable, the sweep asks again),
    "missing" or "file-changed". With `include_unscanned`, a file stored before the antivirus
    was switched on is scanned too (`manage.py scan_existing_files`); it stays served meanwhile,
    and as it was if clamd cannot say."""
    document = LibraryDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    if document.scan_status == ScanStatus.CLEAN or (
        document.scan_status == ScanStatus.UNSCANNED and not include_unscanned
    ):
        return "clean"
    if document.scan_status == ScanStatus.INFECTED:
        return "infected"
    checksum = document.checksum
    try:
        with local_copy(document.file) as path:
            verdict = scan_file(path)
    except ScannerUnavailable as error:
        logger.warning(
            "Document %s: antivirus unavailable, file kept waiting (%s)", document_id, error
        )
        return "waiting"
    except FileNotFoundError:
        return "missing"
    with transaction.atomic():
        document = LibraryDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.checksum != checksum:
            return "file-changed"
        document.scanned_at = timezone.now()
        if not verdict.infected:
            document.scan_status = ScanStatus.CLEAN
            document.save(update_fields=["scan_status", "scanned_at"])
            return "clean"
        document.scan_status = ScanStatus.INFECTED
        document.scan_signature = verdict.signature[:200]
        _extraction_store(document, failure=ExtractionFailure.INFECTED, detail=verdict.signature)
        document.save(update_fields=["scan_status", "scan_signature", "scanned_at"])
        logger.warning("Document %s quarantined: %s", document_id, verdict.signature)
        transaction.on_commit(lambda: _quarantine_notify(document))
    return "infected"


def _quarantine_notify(document: LibraryDocument) -> None:
    people = {user.pk: user for user in document_editors(document)}
    if document.file_updated_by is not None and document.file_updated_by.is_active:
        people[document.file_updated_by.pk] = document.file_updated_by
    url = reverse("library:document", args=[document.pk])
    for person in people.values():
        notify(
            recipient=person,
            kind=Notification.Kind.FILE_QUARANTINED,
            actor=None,
            title=document.title,
            url=url,
            detail=document.scan_signature,
            event_key=f"quarantine:{document.pk}:{document.checksum}",
        )


def document_extract(*, document_id: int) -> str:
    """Extract the text, page count, language and preview of a document (idempotent).

    The state lives in the database: a document already analysed is left alone; the number of
    attempts is recorded before the work starts, so a file that kills its worker every time is
    set aside after `LIBRARY_EXTRACTION_MAX_ATTEMPTS`; results are only written if the file did
    not change meanwhile. Returns what happened, for logs and tests.

    With an antivirus, the file is scanned first: nothing reads an infected file, and a file
    clamd could not scan stays pending (no attempt counted) until the sweep asks again.
    """
    if antivirus_enabled():
        verdict = document_scan(document_id=document_id)
        if verdict != "clean":
            return f"scan:{verdict}"
    with transaction.atomic():
        document = LibraryDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return "missing"
        if document.extraction_status != ExtractionStatus.PENDING:
            return "already-done"
        if document.extraction_attempts >= settings.LIBRARY_EXTRACTION_MAX_ATTEMPTS:
            _extraction_store(document, failure=ExtractionFailure.GAVE_UP)
            return "gave-up"
        document.extraction_attempts += 1
        document.extraction_started_at = timezone.now()
        document.save(update_fields=["extraction_attempts", "extraction_started_at"])
    checksum = document.checksum
    try:
        with local_copy(document.file) as path:
            result = extraction.extract(path, document.mime_type)
    except extraction.ExtractionError as error:
        return _extraction_finish(document_id, checksum, failure=error.reason, detail=error.detail)
    except FileNotFoundError as error:
        return _extraction_finish(
            document_id, checksum, failure=ExtractionFailure.MISSING, detail=str(error)
        )
    except SoftTimeLimitExceeded:
        return _extraction_finish(document_id, checksum, failure=ExtractionFailure.TIMEOUT)
    except (MemoryError, RecursionError, ValueError, OSError, RuntimeError, KeyError) as error:
        logger.exception("Document %s: extraction failed", document_id)
        return _extraction_finish(
            document_id, checksum, failure=ExtractionFailure.CORRUPT, detail=repr(error)
        )
    return _extraction_finish(document_id, checksum, result=result)


def _extraction_finish(
    document_id: int,
    checksum: str,
    *,
    result: extraction.Extraction | None = None,
    failure: str = "",
    detail: str = "",
) -> str:
    with transaction.atomic():
        document = LibraryDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.checksum != checksum:
            return "file-changed"  # a newer file has its own analysis queued
        _extraction_store(document, result=result, failure=failure, detail=detail)
    return "done" if result is not None else f"failed:{failure}"


def _extraction_store(
    document: LibraryDocument,
    *,
    result: extraction.Extraction | None = None,
    failure: str = "",
    detail: str = "",
) -> None:
    fields = [
        "extraction_status",
        "extraction_failure",
        "extraction_detail",
        "extraction_started_at",
        "extracted_checksum",
    ]
    old_preview = document.preview.name if document.preview else ""
    if result is not None:
        document.extraction_status = ExtractionStatus.DONE
        document.extraction_failure = ""
        document.extraction_detail = ""
        document.extracted_text = result.text
        document.text_truncated = result.truncated
        document.page_count = result.page_count
        document.language = result.language
        fields += ["extracted_text", "text_truncated", "page_count", "language", "preview"]
        if result.preview_png:
            document.preview.save("apercu.png", ContentFile(result.preview_png), save=False)
        else:
            document.preview = ""
    else:
        document.extraction_status = ExtractionStatus.FAILED
        document.extraction_failure = failure
        document.extraction_detail = detail[:300]
    document.extraction_started_at = None
    document.extracted_checksum = document.checksum
    document.save(update_fields=fields)
    if old_preview and old_preview != (document.preview.name or ""):
        storage = document.preview.storage
        transaction.on_commit(lambda: storage.delete(old_preview))


def documents_pending_ids(*, stale_after: int | None = None, limit: int = 500) -> list[int]:
    """The documents still waiting for their analysis: never queued (the broker was down), or
    started by a worker that died (started longer ago than the task's time limit)."""
    now = timezone.now()
    grace = settings.LIBRARY_PENDING_GRACE if stale_after is None else stale_after
    started_limit = (
        settings.LIBRARY_EXTRACTION_TIME_LIMIT + grace if stale_after is None else stale_after
    )
    stuck = LibraryDocument.objects.filter(extraction_status=ExtractionStatus.PENDING).filter(
        Q(extraction_started_at__isnull=True, file_updated_at__lte=now - timedelta(seconds=grace))
        | Q(extraction_started_at__lte=now - timedelta(seconds=started_limit))
    )
    return list(stuck.order_by("file_updated_at").values_list("pk", flat=True)[:limit])
