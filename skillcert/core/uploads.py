"""Uploads are checked by size and by content (magic bytes, via `filetype`), never by name."""

import csv
import io
import re
import uuid
import zipfile

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

DOCUMENT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
# The only extensions a stored document can have: the detected type's, never the client's.
DOCUMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
SPREADSHEET_MAX_BYTES = 10 * 1024 * 1024
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_TAIL_BYTES = 2048


def _head(uploaded_file, size: int = 8192) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def _check_size(uploaded_file, max_bytes: int) -> None:
    if uploaded_file.size == 0:
        raise ValidationError(_("檔案是空的，請重新選擇。"), code="empty")
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("檔案太大（上限 %(mb)s MB）。") % {"mb": round(max_bytes / 1024 / 1024, 1)}, code="too_large"
        )


def document_type(head: bytes) -> str | None:
    """The MIME type of an evidence document judged by its first bytes, or None if not one we accept."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in DOCUMENT_TYPES else None


def validate_document(uploaded_file, *, max_bytes: int | None = None) -> str:
    """Evidence documents: PDF, JPEG or PNG by content. Returns the detected MIME type.

    The upload is renamed after its detected type (`x.html` holding a PDF becomes `document.pdf`),
    so the client's name and extension never reach storage (see `document_filename`)."""
    _check_size(uploaded_file, max_bytes or settings.UPLOAD_MAX_BYTES)
    mime = document_type(_head(uploaded_file))
    if mime is None:
        raise ValidationError(_("只接受 PDF、JPG 或 PNG 檔案（依檔案內容判斷）。"), code="type")
    if not _is_whole(uploaded_file, mime):
        raise ValidationError(_("檔案內容不完整或已損毀，請重新掃描或匯出後再上傳。"), code="corrupt")
    uploaded_file.name = f"document.{DOCUMENT_EXTENSIONS[mime]}"
    return mime


def _is_whole(uploaded_file, mime: str) -> bool:
    """More than magic bytes: a PDF has a version header and ends with %%EOF; an image parses
    (Pillow, headers and chunk checksums, no pixels decoded). HTML behind a `%PDF-` or PNG
    signature is refused here; a well-formed PDF that also holds markup is stored as a PDF
    and served as one (core.documents)."""
    if mime == "application/pdf":
        uploaded_file.seek(max(uploaded_file.size - _PDF_TAIL_BYTES, 0))
        tail = uploaded_file.read(_PDF_TAIL_BYTES)
        uploaded_file.seek(0)
        return bool(_PDF_HEADER.match(_head(uploaded_file, 16))) and b"%%EOF" in tail
    try:
        with Image.open(uploaded_file) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        uploaded_file.seek(0)
    return True


def document_filename(filename: str) -> str:
    """A stored document's file name (for `upload_to`): random, keeping only an extension we
    detect (`validate_document` set it); anything else is stored as `.bin`."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in DOCUMENT_EXTENSIONS.values():
        suffix = "bin"
    return f"{uuid.uuid4().hex}.{suffix}"


def validate_spreadsheet(uploaded_file, *, max_bytes: int = SPREADSHEET_MAX_BYTES) -> str:
    """Upload templates: an .xlsx workbook or UTF-8 CSV text. Returns 'xlsx' or 'csv'."""
    _check_size(uploaded_file, max_bytes)
    head = _head(uploaded_file)
    if head.startswith(b"PK\x03\x04"):
        try:
            uploaded_file.seek(0)
            with zipfile.ZipFile(uploaded_file) as archive:
                is_workbook = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_workbook = False
        finally:
            uploaded_file.seek(0)
        if is_workbook:
            return "xlsx"
        raise ValidationError(_("這不是 Excel 活頁簿（.xlsx）檔案。"), code="type")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut in the middle of a multibyte character at the sample's end is fine.
        if error.start < len(head) - 3:
            raise ValidationError(_("只接受 .xlsx 或 UTF-8 編碼的 .csv 檔案。"), code="type") from error
        text = head[: error.start].decode("utf-8-sig")
    if "\x00" in text:
        raise ValidationError(_("只接受 .xlsx 或 UTF-8 編碼的 .csv 檔案。"), code="type")
    try:
        csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",\t;")
    except csv.Error as error:
        if "," not in text:
            raise ValidationError(_("CSV 檔案格式無法辨識，請使用範本。"), code="type") from error
    return "csv"


def read_csv_rows(uploaded_file) -> list[list[str]]:
    uploaded_file.seek(0)
    return list(csv.reader(io.StringIO(uploaded_file.read().decode("utf-8-sig"))))


class DocumentField(forms.FileField):
    """A form field for evidence uploads (PDF/JPEG/PNG, size-limited)."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and hasattr(uploaded, "size"):
            validate_document(uploaded)
        return uploaded
