"""Hostile files, made on the fly for the tests (and only them): corrupt and scripted PDFs,
decompression and zip bombs, XML entity expansions, a JPEG that is also a script. They build on
the demo's honest generators (cms/demo/files.py); the corpus sent to every upload route is in
tests/hostile.py."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from cms.demo.files import ODF_NS, W, _content_types, _png_chunk, _rels, _zip, pdf_with_text


def pdf_corrupt() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nthis is not a PDF any more"


def pdf_with_javascript() -> bytes:
    data = pdf_with_text(["Formulaire"])
    return data.replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
    )


def png_decompression_bomb(side: int = 100_000) -> bytes:
    """A tiny PNG that claims to be side × side pixels (10 gigapixels by default)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def zip_bomb_docx(inflated_mb: int = 400) -> bytes:
    """A DOCX-looking archive whose document part inflates to `inflated_mb` MB of spaces."""
    buffer = io.BytesIO()
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _content_types({}))
        archive.writestr("_rels/.rels", _rels("word/document.xml"))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{W}"><w:body>'.encode())
            for _index in range(inflated_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def zip_bomb_odt(inflated_mb: int = 400) -> bytes:
    """An ODT-looking archive whose content.xml inflates to `inflated_mb` MB of spaces."""
    mimetype = "application/vnd.oasis.opendocument.text"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first, as ODF asks
        with archive.open("content.xml", "w", force_zip64=True) as member:
            member.write(f"<office:document-content {ODF_NS}><office:body>".encode())
            for _index in range(inflated_mb):
                member.write(b" " * (1024 * 1024))
            member.write(b"</office:body></office:document-content>")
    return buffer.getvalue()


def _laughs() -> str:
    return '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )


def billion_laughs_odt() -> bytes:
    content = (
        f'<?xml version="1.0"?><!DOCTYPE office:document-content [{_laughs()}]>'
        f"<office:document-content {ODF_NS}><office:body><office:text>"
        "<text:p>&lol9;</text:p></office:text></office:body></office:document-content>"
    )
    return _zip(
        [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)],
        stored_first=True,
    )


def polyglot_jpeg() -> bytes:
    """A real JPEG that is also an HTML page: a comment segment, right after the start marker,
    holds markup with a script (browsers sniffing for HTML would run it)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 30, 30)).save(buffer, format="JPEG")
    jpeg = buffer.getvalue()
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    comment = b"\xff\xfe" + struct.pack(">H", len(html) + 2) + html
    return jpeg[:2] + comment + jpeg[2:]


def billion_laughs_docx() -> bytes:
    entities = _laughs()
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return _zip(
        [
            ("[Content_Types].xml", _content_types({})),
            ("_rels/.rels", _rels("word/document.xml")),
            ("word/document.xml", document),
        ]
    )
