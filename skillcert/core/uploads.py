"""Uploads are checked by size and by content (magic bytes, via `filetype`), never by name.
Spreadsheets are read (and checked) by core.spreadsheets."""

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


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


def validate_document(uploaded_file, *, max_bytes: int | None = None) -> str:
    """Evidence documents: PDF, JPEG or PNG by content. Returns the detected MIME type."""
    _check_size(uploaded_file, max_bytes or settings.UPLOAD_MAX_BYTES)
    kind = filetype.guess(_head(uploaded_file))
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        raise ValidationError(_("只接受 PDF、JPG 或 PNG 檔案（依檔案內容判斷）。"), code="type")
    return kind.mime


class DocumentField(forms.FileField):
    """A form field for evidence uploads (PDF/JPEG/PNG, size-limited)."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and hasattr(uploaded, "size"):
            validate_document(uploaded)
        return uploaded
