"""Uploads are checked by size and by content (magic bytes, via `filetype`), never by name.
Spreadsheets are read (and checked) by core.spreadsheets."""

import re
import uuid

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

DOCUMENT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
# The only extensions a stored document can have: the detected type's, never the client's.
DOCUMENT_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
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


class DocumentField(forms.FileField):
    """A form field for evidence uploads (PDF/JPEG/PNG, size-limited)."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and hasattr(uploaded, "size"):
            validate_document(uploaded)
        return uploaded
