"""The text inside a file, its page count, its language and a preview image.

Everything here is streamed and bounded, whatever the file claims to be:
- text stops at `LIBRARY_MAX_TEXT_CHARS` (a PostgreSQL tsvector must stay under 1 MB);
- a PDF is read one page at a time with PDFium (pypdfium2, Apache-2.0/BSD: PyMuPDF is AGPL);
- office files (OOXML and OpenDocument, both zip archives of XML) are parsed as streams with DTDs
  forbidden (no entity expansion), and a member may not inflate beyond a fixed number of bytes;
- images go through Pillow with its decompression-bomb limit;
- the whole extraction has a time budget.
A file that breaks one of these limits raises `ExtractionError` with a reason for people.
"""

from __future__ import annotations

import html.parser
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

PREVIEW_WIDTH = 480


class ExtractionError(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason  # an ExtractionFailure value
        self.detail = detail[:300]


@dataclass
class Extraction:
    text: str
    truncated: bool
    page_count: int | None
    language: str
    preview_png: bytes | None


class TextSink:
    """Collects text up to a number of characters, then says it is full."""

    def __init__(self, limit: int, deadline: float):
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.deadline = deadline

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, text: str) -> bool:
        if time.monotonic() > self.deadline:
            raise ExtractionError("timeout")
        if not text:
            return not self.full
        room = self.limit - self.size
        if room <= 0:
            self.truncated = True
            return False
        if len(text) > room:
            text = text[:room]
            self.truncated = True
        self.parts.append(text)
        self.size += len(text)
        return not self.full

    def text(self) -> str:
        return _tidy("".join(self.parts))


def _tidy(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def extract(path: str, mime_type: str) -> Extraction:
    """Extract what the library needs from the file at `path`, of type `mime_type`."""
    deadline = time.monotonic() + settings.LIBRARY_EXTRACTION_TIME_BUDGET
    sink = TextSink(settings.LIBRARY_MAX_TEXT_CHARS, deadline)
    extractor = EXTRACTORS.get(mime_type)
    if extractor is None:
        raise ExtractionError("unsupported", mime_type)
    page_count, preview = extractor(path, sink)
    text = sink.text()
    return Extraction(
        text=text,
        truncated=sink.truncated,
        page_count=page_count,
        language=guess_language(text),
        preview_png=preview,
    )


# --- PDF --------------------------------------------------------------------------------


def _pdf(path: str, sink: TextSink) -> tuple[int, bytes | None]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise ExtractionError("encrypted", message) from None
        raise ExtractionError("corrupt", message) from None
    try:
        page_count = len(pdf)
        preview = None
        for index in range(page_count):
            if sink.full:
                sink.truncated = True
                break
            page = pdf[index]
            try:
                if index == 0:
                    preview = _pdf_preview(page)
                textpage = page.get_textpage()
                try:
                    sink.add(textpage.get_text_bounded())
                    sink.add("\n\n")
                finally:
                    textpage.close()
            finally:
                page.close()
        return page_count, preview
    finally:
        pdf.close()


def _pdf_preview(page) -> bytes | None:
    width = page.get_width() or 1
    scale = min(2.0, PREVIEW_WIDTH / width)
    bitmap = page.render(scale=scale)
    try:
        return _png(bitmap.to_pil())
    finally:
        bitmap.close()


# --- Images -----------------------------------------------------------------------------


def _image(path: str, sink: TextSink) -> tuple[int | None, bytes | None]:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as image:
            image.draft("RGB", (PREVIEW_WIDTH, PREVIEW_WIDTH))
            image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH))
            return None, _png(image)
    except Image.DecompressionBombError as error:
        raise ExtractionError("too_large", str(error)) from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ExtractionError("corrupt", str(error)) from None


def _png(image) -> bytes:
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # `optimize` would cost 70 ms a preview
    return buffer.getvalue()


# --- Zip-based office formats -----------------------------------------------------------


class BoundedReader(io.RawIOBase):
    """A zip member that refuses to inflate beyond `limit` bytes (zip bombs)."""

    def __init__(self, raw: IO[bytes], limit: int):
        self.raw = raw
        self.remaining = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(min(len(buffer), 1024 * 1024))
        self.remaining -= len(data)
        if self.remaining < 0:
            raise ExtractionError("too_large")
        buffer[: len(data)] = data
        return len(data)


def _open_zip(path: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ExtractionError("corrupt", str(error)) from None
    declared = sum(member.file_size for member in archive.infolist())
    if declared > settings.LIBRARY_MAX_UNCOMPRESSED_SIZE:
        archive.close()
        raise ExtractionError("too_large", f"{declared} bytes once inflated")
    return archive


def _xml_events(archive: zipfile.ZipFile, member: str) -> Iterator[tuple[str, object]]:
    """(event, element) pairs of one XML member, parsed as a stream; elements are cleared
    once read so memory stays flat."""
    try:
        raw = archive.open(member)
    except KeyError:
        return
    stream = io.BufferedReader(BoundedReader(raw, settings.LIBRARY_MAX_UNCOMPRESSED_SIZE))
    try:
        yield from iterparse(stream, events=("start", "end"), forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException as error:
        raise ExtractionError("corrupt", f"{member}: {type(error).__name__}") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ExtractionError("corrupt", f"{member}: {error}") from None
    except SyntaxError as error:  # ParseError
        raise ExtractionError("corrupt", f"{member}: {error}") from None
    finally:
        stream.close()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _docx(path: str, sink: TextSink) -> tuple[int | None, None]:
    with _open_zip(path) as archive:
        _stream_text(
            archive,
            "word/document.xml",
            sink,
            text_tags={"t"},
            break_tags={"p", "br", "tr"},
            tab_tags={"tab", "tc"},
        )
        return _ooxml_page_count(archive, "Pages"), None


def _pptx(path: str, sink: TextSink) -> tuple[int, None]:
    with _open_zip(path) as archive:
        slides = sorted(
            (
                name
                for name in archive.namelist()
                if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)
            ),
            key=lambda name: int(re.search(r"\d+", name.rsplit("/", 1)[1]).group()),
        )
        for slide in slides:
            if sink.full:
                sink.truncated = True
                break
            _stream_text(archive, slide, sink, text_tags={"t"}, break_tags={"p"}, tab_tags=set())
            sink.add("\n\n")
        return len(slides), None


def _xlsx(path: str, sink: TextSink) -> tuple[int, None]:
    with _open_zip(path) as archive:
        shared: list[str] = []
        budget = settings.LIBRARY_MAX_TEXT_CHARS
        parts: list[str] = []
        for event, element in _xml_events(archive, "xl/sharedStrings.xml"):
            tag = _local(element.tag)
            if event == "end" and tag == "t":
                parts.append(element.text or "")
            elif event == "end" and tag == "si":
                value = "".join(parts)
                parts = []
                # Beyond the text budget, strings cannot appear in the text anyway.
                shared.append(value if budget > 0 else "")
                budget -= len(value)
                element.clear()
        sheets = sorted(
            (n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
            key=lambda name: int(re.search(r"\d+", name.rsplit("/", 1)[1]).group()),
        )
        for sheet in sheets:
            if sink.full:
                sink.truncated = True
                break
            _xlsx_sheet(archive, sheet, shared, sink)
        return len(sheets), None


def _xlsx_sheet(archive: zipfile.ZipFile, sheet: str, shared: list[str], sink: TextSink) -> None:
    cell_type = ""
    row: list[str] = []
    for event, element in _xml_events(archive, sheet):
        tag = _local(element.tag)
        if event == "start":
            if tag == "c":
                cell_type = element.get("t", "")
            continue
        if tag == "v":
            value = element.text or ""
            if cell_type == "s":
                try:
                    value = shared[int(value)]
                except (ValueError, IndexError):
                    value = ""
            row.append(value)
        elif tag == "t" and cell_type == "inlineStr":
            row.append(element.text or "")
        elif tag == "row":
            if not sink.add("\t".join(cell for cell in row if cell) + "\n"):
                return
            row = []
            element.clear()


def _ooxml_page_count(archive: zipfile.ZipFile, field: str) -> int | None:
    for _event, element in _xml_events(archive, "docProps/app.xml"):
        if _local(element.tag) == field and element.text and element.text.strip().isdigit():
            return int(element.text)
    return None


ODF_PAGE_ELEMENTS = {
    "application/vnd.oasis.opendocument.spreadsheet": "table",
    "application/vnd.oasis.opendocument.presentation": "page",
}


def _odf(mime_type: str):
    def extract_odf(path: str, sink: TextSink) -> tuple[int | None, None]:
        with _open_zip(path) as archive:
            page_tag = ODF_PAGE_ELEMENTS.get(mime_type)
            pages = _odf_stream(archive, sink, page_tag)
            if page_tag is None:
                pages = _odf_page_count(archive)
            return pages, None

    return extract_odf


def _odf_stream(archive: zipfile.ZipFile, sink: TextSink, page_tag: str | None) -> int:
    """OpenDocument text lives in paragraphs and headings (text:p, text:h), with spans, spaces
    (text:s), tabs and line breaks inside; tables add cells and rows."""
    count = 0
    for event, element in _xml_events(archive, "content.xml"):
        if event != "end":
            continue
        tag = _local(element.tag)
        if tag in ("p", "h"):
            if not sink.add(_odf_text(element) + "\n"):
                sink.truncated = True
                return count
            element.clear()
        elif tag == "table-cell":
            sink.add("\t")
        elif tag == "table-row":
            sink.add("\n")
            element.clear()
        elif tag == page_tag:
            count += 1
            element.clear()
    return count


def _odf_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = _local(child.tag)
        if tag == "s":
            count = next(
                (value for name, value in child.attrib.items() if _local(name) == "c"), "1"
            )
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        elif tag not in ("p", "h"):  # nested paragraphs (notes) are read on their own
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_page_count(archive: zipfile.ZipFile) -> int | None:
    for _event, element in _xml_events(archive, "meta.xml"):
        if _local(element.tag) == "document-statistic":
            for name, value in element.attrib.items():
                if _local(name) == "page-count" and value.isdigit():
                    return int(value)
    return None


def _stream_text(
    archive: zipfile.ZipFile,
    member: str,
    sink: TextSink,
    *,
    text_tags: set[str],
    break_tags: set[str],
    tab_tags: set[str],
) -> None:
    """Feed `sink` with the text of an OOXML member: the content of `text_tags` (w:t, a:t),
    a line at the end of each of `break_tags`, a tab at the end of each of `tab_tags`."""
    for event, element in _xml_events(archive, member):
        if event != "end":
            continue
        tag = _local(element.tag)
        if tag in text_tags:
            if not sink.add(element.text or ""):
                sink.truncated = True
                return
        elif tag in break_tags:
            sink.add("\n")
            element.clear()
        elif tag in tab_tags:
            sink.add("\t")


# --- Plain formats ----------------------------------------------------------------------


def _read_prefix(path: str, sink: TextSink) -> bytes:
    # Four bytes per character at most in UTF-8: reading more can never add text.
    with open(path, "rb") as handle:
        data = handle.read(sink.limit * 4 + 1)
        if handle.read(1):
            sink.truncated = True
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1024 * 1024]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, "replace")


def _plain(path: str, sink: TextSink) -> tuple[None, None]:
    sink.add(_decode(_read_prefix(path, sink)))
    return None, None


class _HTMLText(html.parser.HTMLParser):
    SKIPPED = {"script", "style", "template", "noscript"}
    BREAKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section"}

    def __init__(self, sink: TextSink):
        super().__init__(convert_charrefs=True)
        self.sink = sink
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.sink.add("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.sink.add(data)


def _html(path: str, sink: TextSink) -> tuple[None, None]:
    parser = _HTMLText(sink)
    text = _decode(_read_prefix(path, sink))
    for start in range(0, len(text), 64 * 1024):
        if sink.full:
            break
        parser.feed(text[start : start + 64 * 1024])
    parser.close()
    return None, None


def _rtf(path: str, sink: TextSink) -> tuple[None, None]:
    from striprtf.striprtf import rtf_to_text

    raw = _read_prefix(path, sink)
    try:
        text = rtf_to_text(raw.decode("latin-1"), errors="ignore")
    except Exception as error:  # noqa: BLE001 (striprtf raises bare errors on broken files)
        raise ExtractionError("corrupt", str(error)) from None
    sink.add(text)
    return None, None


EXTRACTORS = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _pptx,
    "application/vnd.oasis.opendocument.text": _odf("application/vnd.oasis.opendocument.text"),
    "application/vnd.oasis.opendocument.spreadsheet": _odf(
        "application/vnd.oasis.opendocument.spreadsheet"
    ),
    "application/vnd.oasis.opendocument.presentation": _odf(
        "application/vnd.oasis.opendocument.presentation"
    ),
    "application/rtf": _rtf,
    "text/plain": _plain,
    "text/csv": _plain,
    "text/html": _html,
    "image/png": _image,
    "image/jpeg": _image,
    "image/gif": _image,
    "image/webp": _image,
}


# --- Language ---------------------------------------------------------------------------

STOP_WORDS = {
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "pour", "dans", "que", "qui", "au"},
    "en": {"the", "and", "of", "to", "is", "in", "for", "that", "with", "on", "are", "this"},
}


def guess_language(text: str) -> str:
    """'fr', 'en' or '' from the frequency of common words in the first pages."""
    words = re.findall(r"[a-zà-ÿ]+", text[:20_000].lower())
    if len(words) < 5:
        return ""
    scores = {
        language: sum(word in stop for word in words) for language, stop in STOP_WORDS.items()
    }
    language, score = max(scores.items(), key=lambda item: item[1])
    return language if score >= 3 else ""
