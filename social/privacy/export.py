"""« Mes données »: the ZIP of everything a person gave Parvis, built by a worker.

Every app declares its part (cms/core/privacy.py): JSON files whose rows are written one by
one, and the files the person uploaded. The ZIP is written to a temporary file on disk, row by
row and file by file (memory stays flat whatever the person's history), then stored in the
private storage; its link is valid EXPORT_DAYS (the « exports » retention) for its owner only.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import shutil
import tempfile
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import get_valid_filename

from cms.core.audit import audit_record
from cms.core.privacy import export_parts, exported_files
from cms.core.queueing import queue_after_commit
from social.notifications.models import Notification
from social.notifications.services import notify
from social.people.models import User

from . import tasks
from .models import DataExport
from .retention import retention_days

logger = logging.getLogger(__name__)

STORED = "exports/{token}.zip"
# One export being prepared at a time per person; a new one at most every hour.
MIN_INTERVAL = timedelta(hours=1)
MAX_ATTEMPTS = 3
CHUNK = 1024 * 1024


class ExportTooSoon(Exception):
    pass


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not exportable")


def export_days() -> int:
    return retention_days("exports") or 7


def export_request(*, user: User) -> DataExport:
    """A new export for `user`, built by a worker after commit. Refused (ExportTooSoon) while
    one is being prepared or if one was made less than an hour ago; after a failure, at once."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        recent = DataExport.objects.filter(user=user).first()
        if recent is not None and (
            recent.status == DataExport.Status.PENDING
            or (
                recent.status == DataExport.Status.READY
                and recent.requested_at > timezone.now() - MIN_INTERVAL
            )
        ):
            raise ExportTooSoon
        export = DataExport.objects.create(user=user)
        audit_record(user, "parvis.privacy.export", user=user, person=user)
        queue_after_commit(tasks.build_export, export.pk)
    return export


def export_build(export_id: int) -> DataExport | None:
    """Write the ZIP of a pending export, store it, tell its owner. Idempotent: a ready or
    failed export is left alone; a worker killed halfway leaves it pending (the sweep takes
    it again) and no half-written ZIP stored."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return export
    DataExport.objects.filter(pk=export.pk).update(attempts=export.attempts + 1)
    person = export.user
    with tempfile.TemporaryDirectory(prefix="parvis-export-") as folder:
        path = os.path.join(folder, "export.zip")
        try:
            with translation.override(_language_of(person)):
                _write_zip(path, person, export)
        except Exception:
            logger.exception("export %s failed", export.pk)
            if export.attempts + 1 >= MAX_ATTEMPTS:
                DataExport.objects.filter(pk=export.pk).update(
                    status=DataExport.Status.FAILED, error="build failed"
                )
                return export
            raise
        with open(path, "rb") as written:
            stored_as = default_storage.save(STORED.format(token=export.token.hex), File(written))
        size = os.path.getsize(path)
    now = timezone.now()
    expires = now + timedelta(days=export_days())
    with transaction.atomic():
        updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
            status=DataExport.Status.READY,
            ready_at=now,
            expires_at=expires,
            stored_as=stored_as,
            size=size,
        )
        if not updated:  # another worker finished it meanwhile: keep theirs
            transaction.on_commit(lambda: default_storage.delete(stored_as))
            return export
        with translation.override(_language_of(person)):
            notify(
                recipient=person,
                kind=Notification.Kind.DATA_EXPORT,
                actor=None,
                title=formats.date_format(timezone.localtime(expires), "j F Y"),
                url=reverse("privacy:my_data"),
                event_key=f"export:{export.pk}",
            )
    export.refresh_from_db()
    return export


def _language_of(person: User) -> str:
    settings_row = getattr(person, "mail_settings", None)
    return getattr(settings_row, "language", "") or "fr"


def _write_zip(path: str, person: User, export: DataExport) -> None:
    parts = export_parts()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        counts = {}
        for part in parts:
            counts[part.name] = _write_json(archive, part.name, part.rows(person))
        files = _write_files(archive, person)
        readme = render_to_string(
            "privacy/export_readme.txt",
            {
                "person": person,
                "export": export,
                "parts": [(part, counts[part.name]) for part in parts],
                "files": files,
                "now": timezone.localtime(),
            },
        )
        archive.writestr("LISEZMOI.txt", readme)


def _write_json(archive: zipfile.ZipFile, name: str, rows) -> int:
    """A JSON array written row by row into the ZIP: never the whole list in memory."""
    count = 0
    with archive.open(name, "w", force_zip64=True) as out:
        out.write(b"[\n")
        for row in rows:
            if count:
                out.write(b",\n")
            out.write(json.dumps(row, ensure_ascii=False, default=_json_default).encode())
            count += 1
        out.write(b"\n]\n")
    return count


def _write_files(archive: zipfile.ZipFile, person: User) -> int:
    """The person's uploads under fichiers/<folder>/<date> <name>, copied in chunks."""
    taken: set[str] = set()
    count = 0
    for item in exported_files(person):
        storage = item.storage or default_storage
        stamp = timezone.localtime(item.date).strftime("%Y-%m-%d") if item.date else "sans-date"
        folder = "/".join(get_valid_filename(part) for part in item.folder.split("/") if part)
        base = get_valid_filename(item.name) or "fichier"
        name = posixpath.join("fichiers", folder, f"{stamp} {base}")
        stem, dot, extension = name.rpartition(".")
        number = 1
        while name in taken:
            number += 1
            name = f"{stem} ({number}).{extension}" if dot else f"{name} ({number})"
        try:
            source = storage.open(item.storage_name, "rb")
        except (FileNotFoundError, OSError):
            logger.warning("export: %s missing from storage", item.storage_name)
            continue
        taken.add(name)
        with source, archive.open(name, "w", force_zip64=True) as out:
            shutil.copyfileobj(source, out, CHUNK)
        count += 1
    return count


def export_for_download(*, user: User, token) -> DataExport | None:
    """The owner's own ready, unexpired export; None for anyone else (the view says 404)."""
    export = DataExport.objects.filter(token=token, user=user).first()
    if export is None or not export.downloadable():
        return None
    return export


def exports_purge(cutoff: datetime) -> int:
    """Exports past their validity (or asked before `cutoff`): files and rows deleted."""
    now = timezone.now()
    gone = 0
    stale = DataExport.objects.filter(expires_at__lt=now) | DataExport.objects.filter(
        requested_at__lt=cutoff
    )
    for export in stale.iterator():
        with transaction.atomic():
            name = export.stored_as
            export.delete()
            if name:
                transaction.on_commit(lambda name=name: default_storage.delete(name))
        gone += 1
    return gone


def exports_sweep(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Pending exports a killed worker left: queued again (until MAX_ATTEMPTS)."""
    stuck = DataExport.objects.filter(
        status=DataExport.Status.PENDING, requested_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    count = 0
    for pk in stuck:
        queue_after_commit(tasks.build_export, pk, inline_when_down=False)
        count += 1
    return count
