"""The one reader of uploaded spreadsheets (.xlsx workbooks and UTF-8 .csv text): the group
upload and the score, response and answer-key imports all read through `read_spreadsheet`.

A file is checked before it is parsed, so a hostile one is refused in well under a second and
costs little memory:

- size: not empty, at most `MAX_BYTES`;
- type by content, never by name: a zip archive is a workbook, anything else must be UTF-8 text;
- a workbook's archive is checked from its directory before anything is inflated: at most
  `MAX_PARTS` parts, each at most `MAX_PART_BYTES` and at most `MAX_RATIO` times its compressed
  size, `MAX_TOTAL_BYTES` in all, and the parts a workbook needs ([Content_Types].xml,
  xl/workbook.xml). The zip module never inflates a part beyond the size its directory declares.
  Then its XML elements are counted while inflating, at C speed (at most `MAX_ELEMENTS`): what
  openpyxl would spend in Python grows with them, so 40 MB of empty cells is refused in a
  fraction of a second instead of parsed for half a minute;
- rows are streamed: the sheet's declared `<dimension>` is ignored (openpyxl's read-only mode
  would otherwise pad every row and every missing row up to it), rows are cut at `max_columns`
  (refused if a cell lies beyond), blank rows are skipped without being built (refused beyond
  `MAX_BLANK_ROWS`), and reading stops with a refusal at the first data row past `max_rows`;
- a cell longer than `MAX_CELL_CHARS` is refused, in CSV as in xlsx.

Every refusal is a `SpreadsheetError` (a ValidationError) with a zh-Hant message for the user.
The file is read lazily: a refusal can come while the caller iterates, so callers iterate
before (or inside the transaction of) whatever they save.
"""

import csv
import datetime as dt
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 10 * 1024 * 1024
MAX_PARTS = 300
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100  # XML compresses 5–20 times; a bomb compresses hundreds of times
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, themes) may compress better, harmlessly
MAX_ELEMENTS = 600_000  # XML elements in all parts: ~250,000 cells with their values and strings
MAX_COLUMNS = 256
MAX_CELL_CHARS = 1000
MAX_BLANK_ROWS = 20_000
EXCEL_MAX_ROWS = 1_048_576
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
ZIP_MAGIC = b"PK\x03\x04"
END_OF_DIRECTORY = b"PK\x05\x06"


class SpreadsheetError(ValidationError):
    """The whole file is refused; the message says why, in the user's language."""

    def __init__(self, message: str, code: str = "spreadsheet"):
        super().__init__(message, code=code)


def read_spreadsheet(
    uploaded_file, *, max_rows: int, max_columns: int = MAX_COLUMNS
) -> Iterator[tuple[int, list[str]]]:
    """Check `uploaded_file` now and return an iterator of (row number, cells) for each non-blank
    row of the first sheet or of the CSV, row 1 first; `max_rows` counts the rows after the first
    non-blank one (the header). Cells are stripped strings (a whole number without '.0', a date as
    YYYY-MM-DD), trailing empty cells dropped. Raises SpreadsheetError now for a bad file, or while
    iterating for a bad row or too many rows."""
    if uploaded_file.size == 0:
        raise SpreadsheetError(_("檔案是空的，請重新選擇。"), code="empty")
    if uploaded_file.size > MAX_BYTES:
        raise SpreadsheetError(
            _("檔案太大（上限 %(mb)s MB）。") % {"mb": round(MAX_BYTES / 1024 / 1024, 1)}, code="too_large"
        )
    uploaded_file.seek(0)
    is_zip = uploaded_file.read(4) == ZIP_MAGIC
    uploaded_file.seek(0)
    rows = _workbook_rows(uploaded_file, max_columns) if is_zip else _csv_rows(uploaded_file)
    return _checked(rows, max_rows=max_rows, max_columns=max_columns)


def _checked(rows, *, max_rows: int, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    data_rows = blank_rows = 0
    for number, values in rows:
        blank = values.count(None) + values.count("") == len(values)  # at C speed: gaps cost nothing
        cells = [] if blank else _cells(values)
        if not cells:
            blank_rows += 1
            if blank_rows > MAX_BLANK_ROWS:
                raise SpreadsheetError(
                    _("檔案中的空白列超過 %(n)s 列，請刪除多餘的列後重新上傳。") % {"n": MAX_BLANK_ROWS},
                    code="blank_rows",
                )
            continue
        data_rows += 1
        if data_rows > max_rows + 1:  # the first non-blank row is the header
            raise SpreadsheetError(_("檔案超過 %(max)s 列資料，請分批上傳。") % {"max": max_rows}, code="too_many")
        if len(cells) > max_columns:
            raise SpreadsheetError(
                _("第 %(row)s 列超過 %(n)s 欄，請使用範本。") % {"row": number, "n": max_columns}, code="too_wide"
            )
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise SpreadsheetError(_("第 %(row)s 列有超過 %(n)s 字的欄位。") % {"row": number, "n": MAX_CELL_CHARS})
        yield number, cells


def _cells(values) -> list[str]:
    """The row's cells as text up to its last non-empty one (rows come padded to the width)."""
    end = len(values)
    while end and values[end - 1] in (None, ""):
        end -= 1
    cells = [_text(value) for value in values[:end]]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- CSV


def _csv_rows(uploaded_file) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_utf8_lines(uploaded_file))
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise SpreadsheetError(
                _("CSV 第 %(row)s 列格式錯誤或欄位過長，請使用範本。") % {"row": number + 1}, code="csv"
            ) from error
        number += 1
        yield number, cells


def _utf8_lines(uploaded_file) -> Iterator[str]:
    """The file's lines as text, decoded one line at a time (a UTF-8 character never contains a
    newline byte), so a file that stops being UTF-8 half-way is refused at that line."""
    for number, raw in enumerate(iter(uploaded_file.readline, b""), start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(
                _("第 %(line)s 行不是 UTF-8 文字。只接受 .xlsx 或 UTF-8 編碼的 .csv（Excel 請另存為「CSV UTF-8」）。")
                % {"line": number},
                code="encoding",
            ) from error
        if "\x00" in line:
            raise SpreadsheetError(_("只接受 .xlsx 或 UTF-8 編碼的 .csv 檔案。"), code="type")
        yield line


# ---------------------------------------------------------------- xlsx


def _refuse_workbook(code: str) -> SpreadsheetError:
    return SpreadsheetError(_("無法讀取此 Excel 檔案，請使用範本重新存檔。"), code=code)


def _check_archive(uploaded_file) -> None:
    """Refuse a damaged archive, a zip bomb or a zip that is not a workbook before openpyxl
    opens it: its entry count first (a huge directory is itself a bomb), then the sizes its
    directory declares, then the number of XML elements, counted while inflating (at C speed)."""
    tail_size = min(uploaded_file.size, 22 + 65535)
    uploaded_file.seek(uploaded_file.size - tail_size)
    tail = uploaded_file.read(tail_size)
    end = tail.rfind(END_OF_DIRECTORY)
    if end < 0 or len(tail) < end + 22:
        raise _refuse_workbook("zip")
    (entries,) = struct.unpack("<H", tail[end + 10 : end + 12])
    if entries > MAX_PARTS:  # 0xFFFF (zip64) included
        raise SpreadsheetError(_("Excel 檔案的內容結構異常，無法接受。"), code="zip_parts")
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            parts = archive.infolist()
            _check_parts(parts)
            elements = sum(_count_elements(archive, part) for part in parts if part.filename.endswith(".xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            EOFError, ValueError) as error:  # fmt: skip
        raise _refuse_workbook("zip") from error
    finally:
        uploaded_file.seek(0)
    if elements > MAX_ELEMENTS:
        raise SpreadsheetError(
            _("Excel 檔案的內容過多（超過 %(n)s 個儲存格與格式項目），請只保留資料後重新存檔或分批上傳。")
            % {"n": f"{MAX_ELEMENTS:,}"},
            code="too_many_elements",
        )


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS or not all(name in names for name in REQUIRED_PARTS):
        raise SpreadsheetError(_("這不是 Excel 活頁簿（.xlsx）檔案。"), code="type")
    bomb = any(
        part.file_size > MAX_PART_BYTES
        or (part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1))
        for part in parts
    )
    if bomb or sum(part.file_size for part in parts) > MAX_TOTAL_BYTES:
        raise SpreadsheetError(_("Excel 檔案解壓縮後過大，無法接受。請只保留資料後重新存檔。"), code="zip_bomb")


def _count_elements(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """Start tags in an XML part ('<' not followed by '/'), stopping past MAX_ELEMENTS. What
    openpyxl later spends is about proportional to this, not to the bytes."""
    count, carry = 0, b""
    with archive.open(part) as stream:
        while count <= MAX_ELEMENTS and (chunk := stream.read(1024 * 1024)):
            data = carry + chunk
            count += data[:-1].count(b"<") - data.count(b"</")
            carry = data[-1:]  # a '<' at the end is counted with what follows it
    return count + carry.count(b"<")


def _workbook_rows(uploaded_file, max_columns: int) -> Iterator[tuple[int, tuple]]:
    _check_archive(uploaded_file)
    try:
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        # One column past the limit, so a cell beyond it is seen (and refused), not dropped.
        rows = sheet.iter_rows(min_row=1, min_col=1, max_row=EXCEL_MAX_ROWS, max_col=max_columns + 1, values_only=True)
    except Exception as error:  # a damaged workbook: openpyxl and its XML parser raise many kinds
        raise _refuse_workbook("xlsx") from error
    return _sheet_rows(workbook, rows)


def _sheet_rows(workbook, rows) -> Iterator[tuple[int, tuple]]:
    number = 0
    try:
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as error:  # damaged sheet XML (defusedxml refusals included)
                raise _refuse_workbook("xlsx") from error
            number += 1
            yield number, values
    finally:
        workbook.close()
