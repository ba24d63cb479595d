"""Small real files, generated on the fly, for the demo library, the tests and the benchmarks:
PDF (with text, or scanned-like with only an image), DOCX, ODT, XLSX, ODS, PPTX, plain formats,
and the hostile ones (zip bomb dressed as DOCX, decompression-bomb PNG, executables, SVG...).

Each writer produces a file that LibreOffice and PDF readers open: these are valid formats, kept
minimal, not mock-ups.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from PIL import ImageDraw

# --- PDF --------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_document(page_streams: list[bytes], resources: bytes, extra_objects=()) -> bytes:
    """A PDF with one content stream per page; objects numbered: 1 catalog, 2 pages, 3 font,
    then extra objects, then (page, content) pairs."""
    objects: list[bytes] = []
    first_page = 4 + len(extra_objects)
    kids = b" ".join(f"{first_page + 2 * i} 0 R".encode() for i in range(len(page_streams)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_streams))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.extend(extra_objects)
    for index, stream in enumerate(page_streams):
        content_number = first_page + 2 * index + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            + resources
            + b" /Contents %d 0 R >>" % content_number
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_with_text(pages: list[str] | list[list[str]]) -> bytes:
    """A PDF whose pages hold these texts (a page is a string or a list of lines)."""
    streams = []
    for page in pages:
        lines = page if isinstance(page, list) else [page]
        body = b"BT /F1 11 Tf 14 TL 56 780 Td " + b" ".join(
            _pdf_string(line) + b" Tj T*" for line in lines
        )
        streams.append(body + b" ET")
    return _pdf_document(streams, b"<< /Font << /F1 3 0 R >> >>")


def pdf_scanned(pages: int = 1) -> bytes:
    """A PDF of pages that are only an image (a scan): no text to extract."""
    width = height = 64
    pixels = bytes((x * 4) % 256 for y in range(height) for x in range(width))
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n"
        % (width, height, len(pixels))
        + pixels
        + b"\nendstream"
    )
    streams = [b"q 480 0 0 680 56 80 cm /Im1 Do Q"] * pages
    return _pdf_document(streams, b"<< /XObject << /Im1 4 0 R >> >>", extra_objects=[image])


def sample_pages(count: int, topic: str = "délibération") -> list[list[str]]:
    """Real-looking French administrative text, `count` pages of about 40 lines."""
    lines = [
        f"Conseil municipal — {topic} n° {{page}}/{{line}}",
        "Vu le code général des collectivités territoriales, et notamment son article L2121-29,",
        "Considérant la nécessité de moderniser les équipements de la médiathèque municipale,",
        "Le conseil municipal, après en avoir délibéré, décide à l'unanimité des membres présents",
        "d'approuver le budget primitif de l'exercice et d'autoriser le maire à signer les marchés.",
        "Les crédits nécessaires sont inscrits au chapitre 21 du budget de la commune.",
        "Congés annuels, télétravail, action sociale : voir la note de service de la DRH.",
    ]
    return [
        [lines[line % len(lines)].format(page=page + 1, line=line + 1) for line in range(40)]
        for page in range(count)
    ]


# --- Office Open XML --------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
R = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _zip(members: list[tuple[str, bytes | str]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members):
            data = content.encode() if isinstance(content, str) else content
            compression = (
                zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            )
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, compression
            )
    return buffer.getvalue()


def _content_types(overrides: dict[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{parts}</Types>"
    )


def _rels(target: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{R}">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOC}" Target="{target}"/></Relationships>'
    )


def docx(paragraphs: list[str], pages: int | None = None) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/extended-properties"><Pages>{pages or max(1, len(paragraphs) // 40)}'
        "</Pages></Properties>"
    )
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types(
                    {
                        "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
                    }
                ),
            ),
            ("_rels/.rels", _rels("word/document.xml")),
            ("word/document.xml", document),
            ("docProps/app.xml", app),
        ]
    )


def xlsx(rows: list[list[str | int | float]]) -> bytes:
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, start=1):
        row_cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, str):
                strings.append(value)
                row_cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                row_cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells.append(f'<row r="{r}">{"".join(row_cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{R}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types(
                    {
                        "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        "xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                        "xl/sharedStrings.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
                    }
                ),
            ),
            ("_rels/.rels", _rels("xl/workbook.xml")),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", shared),
        ]
    )


def pptx(slides: list[str]) -> bytes:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    members: list[tuple[str, bytes | str]] = [
        (
            "[Content_Types].xml",
            _content_types(
                {
                    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
                }
            ),
        ),
        ("_rels/.rels", _rels("ppt/presentation.xml")),
        (
            "ppt/presentation.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="{p}"/>',
        ),
    ]
    for number, text in enumerate(slides, start=1):
        members.append(
            (
                f"ppt/slides/slide{number}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="{p}" xmlns:a="{a}"><p:cSld><p:spTree>'
                f"<p:sp><p:txBody><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
                "</p:spTree></p:cSld></p:sld>",
            )
        )
    return _zip(members)


# --- OpenDocument -----------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def _odf(mimetype: str, body: str, pages: int | None = None) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} office:version="1.3">'
        f"<office:body>{body}</office:body></office:document-content>"
    )
    stats = f'<meta:document-statistic meta:page-count="{pages}"/>' if pages else ""
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS} office:version="1.3">'
        f"<office:meta>{stats}</office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        [
            ("mimetype", mimetype),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content),
            ("meta.xml", meta),
        ],
        stored_first=True,
    )


def odt(paragraphs: list[str], pages: int | None = None) -> bytes:
    body = "".join(f"<text:p>{escape(p).replace('  ', '<text:s/> ')}</text:p>" for p in paragraphs)
    return _odf(
        "application/vnd.oasis.opendocument.text",
        f"<office:text><text:h>{escape(paragraphs[0]) if paragraphs else ''}</text:h>{body}</office:text>",
        pages or max(1, len(paragraphs) // 40),
    )


def ods(rows: list[list[str]]) -> bytes:
    table_rows = "".join(
        "<table:table-row>"
        + "".join(
            f"<table:table-cell><text:p>{escape(str(v))}</text:p></table:table-cell>" for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    return _odf(
        "application/vnd.oasis.opendocument.spreadsheet",
        f'<office:spreadsheet><table:table table:name="Feuille1">{table_rows}</table:table></office:spreadsheet>',
    )


def odp(slides: list[str]) -> bytes:
    pages = "".join(
        f'<draw:page draw:name="page{number}"><draw:frame><draw:text-box>'
        f"<text:p>{escape(text)}</text:p></draw:text-box></draw:frame></draw:page>"
        for number, text in enumerate(slides, start=1)
    )
    return _odf(
        "application/vnd.oasis.opendocument.presentation",
        f"<office:presentation>{pages}</office:presentation>",
    )


# --- Plain and hostile files --------------------------------------------------------------


def png(width: int = 32, height: int = 24) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 63, 143)).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def rtf(text: str) -> bytes:
    body = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
    body = "".join(
        ch if ord(ch) < 128 else f"\\'{ord(ch.encode('cp1252', 'replace')[:1] or b'?'):02x}"
        for ch in body
    )
    return (
        "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Helvetica;}}\\f0\\fs22 " + body + "\\par }"
    ).encode("ascii")


EXECUTABLE_WINDOWS = b"MZ\x90\x00\x03" + b"\x00" * 59 + b"PE\x00\x00" + b"\x00" * 200
EXECUTABLE_LINUX = b"\x7fELF\x02\x01\x01" + b"\x00" * 120
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
HTML_PAGE = (
    "<!doctype html><html><head><title>Note</title><script>alert(1)</script></head>"
    "<body><h1>Note de service</h1><p>Les congés d'été sont à poser avant le 31 mars.</p></body></html>"
).encode()


def pdf_report(pages: int) -> bytes:
    """A report-like PDF: a heading, forty lines of text and the collectivité's logo (an image)
    on every page, as exported by an office suite."""
    width = height = 96
    pixels = bytes(((x ^ y) * 3) % 256 for y in range(height) for x in range(width))
    logo = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(zlib.compress(pixels)))
        + zlib.compress(pixels)
        + b"\nendstream"
    )
    streams = []
    for number, lines in enumerate(sample_pages(pages, "rapport d'activité"), start=1):
        text = b" ".join(_pdf_string(line) + b" Tj T*" for line in lines)
        streams.append(
            b"q 60 0 0 60 480 760 cm /Im1 Do Q "
            b"BT /F1 16 Tf 56 790 Td "
            + _pdf_string(f"Rapport d'activité — page {number}")
            + b" Tj ET "
            b"BT /F1 10 Tf 13 TL 56 740 Td " + text + b" ET"
        )
    return _pdf_document(
        streams, b"<< /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >>", extra_objects=[logo]
    )


def demo_picture(colours: tuple[str, str], seed_value: int) -> bytes:
    """A pleasant abstract picture (gradient and shapes): no photo is shipped or fetched."""
    width, height = 1280, 720
    start = tuple(int(colours[0][i : i + 2], 16) for i in (1, 3, 5))
    end = tuple(int(colours[1][i : i + 2], 16) for i in (1, 3, 5))
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        ratio = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(start[c] + (end[c] - start[c]) * ratio) for c in range(3)),
        )
    rng = random.Random(seed_value)  # noqa: S311
    for _ in range(9):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 220)
        shade = tuple(min(255, channel + 40) for channel in end)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=6)
    draw.rectangle([0, height - 120, width, height], fill=tuple(c // 2 for c in start))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
