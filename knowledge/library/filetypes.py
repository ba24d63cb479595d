"""What a file really is, judged by its content (magic bytes), never by its name.

The library accepts an allow-list of office formats, PDF, raster images and plain text. A file
is identified from its first bytes (and, for the zip-based office formats, from its members);
its name only picks between formats that share one container (.doc/.xls/.ppt). SVG and
executables are refused; HTML is accepted for its text but is only ever downloaded.
"""

from __future__ import annotations

import os
import re
import unicodedata
import urllib.parse
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HEAD_SIZE = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    mime_type: str
    extension: str
    label: str
    family: str  # pdf, text, sheet, slides, image, web, legacy: drives the icon and the filter


KINDS: dict[str, FileKind] = {
    kind.mime_type: kind
    for kind in (
        FileKind("application/pdf", "pdf", "PDF", "pdf"),
        FileKind(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "DOCX",
            "text",
        ),
        FileKind("application/vnd.oasis.opendocument.text", "odt", "ODT", "text"),
        FileKind(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "XLSX",
            "sheet",
        ),
        FileKind("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS", "sheet"),
        FileKind(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
            "PPTX",
            "slides",
        ),
        FileKind("application/vnd.oasis.opendocument.presentation", "odp", "ODP", "slides"),
        FileKind("application/msword", "doc", "DOC", "legacy"),
        FileKind("application/vnd.ms-excel", "xls", "XLS", "legacy"),
        FileKind("application/vnd.ms-powerpoint", "ppt", "PPT", "legacy"),
        FileKind("application/rtf", "rtf", "RTF", "text"),
        FileKind("text/plain", "txt", "TXT", "text"),
        FileKind("text/csv", "csv", "CSV", "sheet"),
        FileKind("text/html", "html", "HTML", "web"),
        FileKind("image/png", "png", "PNG", "image"),
        FileKind("image/jpeg", "jpg", "JPEG", "image"),
        FileKind("image/gif", "gif", "GIF", "image"),
        FileKind("image/webp", "webp", "WebP", "image"),
    )
}

# The families offered as a filter in the library, with their names for people.
FAMILIES = {
    "pdf": _("PDF"),
    "text": _("Textes"),
    "sheet": _("Tableurs"),
    "slides": _("Présentations"),
    "image": _("Images"),
    "web": _("Pages web"),
    "legacy": _("Anciens formats Office"),
}

OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
LEGACY_BY_EXTENSION = {
    "doc": "application/msword",
    "dot": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"#!",  # scripts
)
TEXT_EXTENSIONS = {"txt", "md", "log", "csv", "tsv"}


class Rejected(Exception):  # noqa: N818 (a refusal told to the person, not a bug)
    """A file the library refuses; `message` is for the person who sent it."""

    def __init__(self, message: str | Promise):
        super().__init__(str(message))
        self.message = message


def kind_for_mime(mime_type: str) -> FileKind | None:
    return KINDS.get(mime_type)


def max_upload_size() -> int:
    return settings.LIBRARY_MAX_UPLOAD_SIZE


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def identify(fileobj: IO[bytes], name: str = "") -> FileKind | None:
    """The kind of the file, or None when it is not one the library accepts."""
    try:
        return inspect(fileobj, name, check_size=False)
    except Rejected:
        return None


def inspect(fileobj: IO[bytes], name: str = "", *, check_size: bool = True) -> FileKind:
    """The kind of an uploaded file, or `Rejected` with the reason. The file is left at 0."""
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    if size == 0:
        raise Rejected(_("Le fichier est vide."))
    if check_size and size > max_upload_size():
        raise Rejected(
            _("Le fichier dépasse la taille maximale autorisée (%(size)s).")
            % {"size": filesizeformat(max_upload_size())}
        )
    head = fileobj.read(HEAD_SIZE)
    fileobj.seek(0)
    try:
        return KINDS[_mime_type(fileobj, head, name)]
    finally:
        fileobj.seek(0)


def _mime_type(fileobj: IO[bytes], head: bytes, name: str) -> str:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_mime_type(fileobj)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        mime_type = LEGACY_BY_EXTENSION.get(_extension(name))
        if mime_type is None:
            raise Rejected(_("Ce type de fichier n'est pas accepté dans la bibliothèque."))
        return mime_type
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    image_type = _image_mime_type(head)
    if image_type:
        _check_image(fileobj)
        return image_type
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise Rejected(_("Les programmes exécutables ne sont pas acceptés."))
    return _text_mime_type(head, name)


def _zip_mime_type(fileobj: IO[bytes]) -> str:
    try:
        archive = zipfile.ZipFile(fileobj)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Rejected(_("Le fichier est endommagé : l'archive est illisible.")) from None
    if (
        len(members) > 10_000
        or sum(member.file_size for member in members) > settings.LIBRARY_MAX_UNCOMPRESSED_SIZE
    ):
        raise Rejected(
            _("Le fichier se décompresse en un volume anormalement grand : il est refusé.")
        )
    names = {member.filename for member in members}
    if "mimetype" in names:
        declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if declared in KINDS and declared.startswith("application/vnd.oasis.opendocument."):
            return declared
    if "[Content_Types].xml" in names:
        for part, mime_type in OOXML_MAIN_PARTS.items():
            if part in names:
                return mime_type
    raise Rejected(
        _("Les archives ne sont pas acceptées : déposez les documents qu'elles contiennent.")
    )


def _image_mime_type(head: bytes) -> str:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def _check_image(fileobj: IO[bytes]) -> None:
    from PIL import Image

    try:
        with Image.open(fileobj) as image:
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected(_("L'image est trop grande pour être acceptée.")) from None
    except Exception:  # noqa: BLE001 (Pillow raises many kinds of errors on a broken file)
        raise Rejected(_("L'image est endommagée ou illisible.")) from None
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise Rejected(
            _("L'image est trop grande (%(width)s × %(height)s pixels).")
            % {"width": width, "height": height}
        )


def _text_mime_type(head: bytes, name: str) -> str:
    if b"\x00" in head:
        raise Rejected(_("Ce type de fichier n'est pas accepté dans la bibliothèque."))
    text = head.decode("utf-8", "ignore") if _looks_utf8(head) else head.decode("cp1252", "ignore")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<?xml", "<svg", "<!doctype svg")) or "<svg" in start[:2048]:
        raise Rejected(_("Les images SVG et les fichiers XML ne sont pas acceptés."))
    if start.startswith(("<!doctype html", "<html")) or any(
        tag in start[:4096] for tag in ("<head", "<body", "<script", "<iframe")
    ):
        return "text/html"
    if _extension(name) in {"csv", "tsv"}:
        return "text/csv"
    return "text/plain"


def _looks_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the head is still UTF-8.
        return error.start >= len(head) - 4
    return True


def sanitise_filename(name: str, extension: str | None = None, max_length: int = 100) -> str:
    """A file name safe to store and to send back: no directory, no control character, no
    character a file system or a header would trip on, a bounded length and, when known, the
    extension of the file's real type."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable())
    stem, dot_extension = os.path.splitext(name)
    if extension is None:
        extension = re.sub(r"[^a-z0-9]", "", dot_extension.lower())[:10]
    elif dot_extension.lower().lstrip(".") in TEXT_EXTENSIONS and extension in {"txt", "csv"}:
        extension = dot_extension.lower().lstrip(".")
    stem = re.sub(r"[^\w\-. ]", "", stem)
    stem = re.sub(r"\s+", "_", stem).strip("._-")
    stem = stem[: max_length - len(extension) - 1] or "document"
    return f"{stem}.{extension}" if extension else stem


def attachment_disposition(filename: str) -> str:
    ascii_name = (
        unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "document"
    )
    ascii_name = re.sub(r"[^\w.\- ]", "_", ascii_name)
    return (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{urllib.parse.quote(filename, safe='')}"
    )
