"""Hostile spreadsheets as an attacker builds them, for the security tests and bench/upload_hostile.py.
Each function returns the file's bytes; nothing here is cached on disk."""

import io
import random
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row(titles: list[str], row: int = 1) -> bytes:
    """An inline-string row (column letters A.. for up to 26 titles)."""
    cells = b"".join(_cell(f"{chr(65 + i)}{row}", title) for i, title in enumerate(titles))
    return f'<row r="{row}">'.encode() + cells + b"</row>"


def workbook(sheet_chunks, *, content_types: bool = True) -> bytes:
    """A minimal .xlsx whose first sheet's XML is the concatenation of `sheet_chunks` (bytes),
    written (deflated) chunk by chunk so a 100 MB sheet never sits in memory here."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk)
    return buffer.getvalue()


CORNER = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def dimension_bomb(titles: list[str], *, corner: bool = True) -> bytes:
    """About 1.6 KB: a header and one row, declaring the sheet to be A1:XFD1048576, so a reader
    that trusts the dimension builds a million rows of 16,384 cells; with `corner`, a real cell
    in that last row and column as well."""
    rows = header_row(titles) + header_row(titles, row=2) + (CORNER if corner else b"")
    return workbook([SHEET_HEAD, b'<dimension ref="A1:XFD1048576"/><sheetData>', rows, b"</sheetData></worksheet>"])


def inflating_sheet(titles: list[str], *, megabytes: int = 100) -> bytes:
    """A few hundred KB that inflate to `megabytes` MB of sheet XML: rows of empty cells."""
    filler = b"<row><c/><c/><c/><c/><c/><c/><c/><c/></row>" * 24_000  # about 1 MB
    chunks = [SHEET_HEAD, b"<sheetData>", header_row(titles)]
    chunks += [filler] * megabytes
    chunks.append(b"</sheetData></worksheet>")
    return workbook(chunks)


def empty_cells(titles: list[str], *, cells: int = 700_000) -> bytes:
    """Rows of empty styled cells, varied enough to compress only ~6 times (under any ratio
    check): about 1.5 MB that openpyxl would spend half a minute parsing in Python."""
    noise = random.Random(14)
    row = 200
    body = [
        b"<row>" + b"".join(f'<c s="{noise.randrange(1000)}"/>'.encode() for _ in range(row)) + b"</row>"
        for _ in range(cells // row)
    ]
    return workbook([SHEET_HEAD, b"<sheetData>", header_row(titles), *body, b"</sheetData></worksheet>"])


def no_content_types(titles: list[str]) -> bytes:
    """A workbook zip without [Content_Types].xml."""
    return workbook([SHEET_HEAD, b"<sheetData>", header_row(titles), b"</sheetData></worksheet>"], content_types=False)


def utf8_then_big5_csv(titles: list[str]) -> bytes:
    """UTF-8 for the first 8 KB or so, Big5 after (the old check sniffed only the first 8 KB)."""
    head = (",".join(titles) + "\n").encode()
    filler = ("," * (len(titles) - 1) + "\n").encode() * (9000 // len(titles))
    return head + filler + ("王小明," * len(titles)).rstrip(",").encode("big5") + b"\n"


def long_field_csv(titles: list[str], *, size: int = 140 * 1024) -> bytes:
    """A quoted field over csv's default field_size_limit (128 KB)."""
    return (",".join(titles) + "\n").encode() + b'"' + b"x" * size + b'"' + b"," * (len(titles) - 1) + b"\n"


def random_bytes(size: int = 4096) -> bytes:
    """Deterministic noise, as if someone renamed a binary to .xlsx."""
    return bytes((i * 7919 + (i >> 3) * 31) % 251 for i in range(size))
