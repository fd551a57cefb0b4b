import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.core.uploads import validate_document
from tests.registrations.factories import PNG

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_and_a_png_are_accepted_by_content():
    assert validate_document(upload("證明.pdf", PDF)) == "application/pdf"
    assert validate_document(upload("scan.png", PNG)) == "image/png"


def test_an_executable_renamed_to_pdf_is_refused_with_a_chinese_message():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("證明.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf"))
    assert "只接受 PDF、JPG 或 PNG" in error.value.messages[0]


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_document(upload("big.pdf", PDF + b"0" * 2048))
    assert "檔案太大" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="空的"):
        validate_document(upload("empty.pdf", b""))
