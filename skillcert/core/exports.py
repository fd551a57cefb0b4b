"""Exports people open in Excel: every cell passes through `safe_cell` so a value such as
'=HYPERLINK(...)' is shown as text, never run as a formula (OWASP CSV injection)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _safe_rows(rows):
    for row in rows:
        yield [safe_cell(value) for value in row]


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 Chinese correctly
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows(_safe_rows(rows))
    return response


def xlsx_bytes(header: list[str], rows, *, title: str = "Sheet1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in header])
    for row in _safe_rows(rows):
        sheet.append(row)
    for cell_row in sheet.iter_rows():
        for cell in cell_row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it looks like a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, header: list[str], rows, *, title: str = "Sheet1") -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(header, rows, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_attachment(filename: str, body: bytes) -> HttpResponse:
    """A generated PDF to download (never cached: it may carry a buyer's data)."""
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
