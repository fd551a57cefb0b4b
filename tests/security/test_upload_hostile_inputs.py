"""Issue 14 (what it must show): every document upload door answers hostile files with a clear
4xx in zh-Hant and stores nothing, never a 500; hostile names never reach the disk."""

import pytest
from django.conf import settings

from tests.registrations.factories import PNG
from tests.security.upload_endpoints import (
    ENDPOINTS,
    HTML_BEHIND_PDF_SIGNATURE,
    HTML_BEHIND_PNG_SIGNATURE,
    POLYGLOT_PDF,
    upload,
)

pytestmark = pytest.mark.django_db

TYPE = "只接受 PDF、JPG 或 PNG"
CORRUPT = "檔案內容不完整或已損毀"


def _hostile_files():
    over = settings.UPLOAD_MAX_BYTES + 1
    return {
        "html behind a %PDF- signature": (upload("x.html", HTML_BEHIND_PDF_SIGNATURE), CORRUPT),
        "html behind a PNG signature": (upload("x.png", HTML_BEHIND_PNG_SIGNATURE, "image/png"), CORRUPT),
        "a PDF cut short": (upload("scan.pdf", POLYGLOT_PDF[:60], "application/pdf"), CORRUPT),
        "zero bytes": (upload("empty.pdf", b"", "application/pdf"), "檔案是空的"),
        "over the size cap": (
            upload("big.pdf", b"%PDF-1.4\n" + b"0" * over + b"\n%%EOF\n", "application/pdf"),
            "檔案太大",
        ),
        "wrong magic (a Windows program)": (
            upload("proof.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf"),
            TYPE,
        ),
        "plain HTML": (upload("x.html", b"<!doctype html><script>alert(1)</script>"), TYPE),
        "huge name, HTML inside": (upload("a" * 5000 + ".html", b"<html><script>alert(1)</script>"), TYPE),
        "path traversal name, HTML inside": (upload("../../../../tmp/x.html", HTML_BEHIND_PDF_SIGNATURE), CORRUPT),
    }


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_every_upload_door_refuses_hostile_files_with_a_400_and_keeps_nothing(client, frozen_now, name):
    endpoint = ENDPOINTS[name](client, frozen_now)
    for label, (file, message) in _hostile_files().items():
        response = endpoint.post(file)
        assert response.status_code == 400, (endpoint.name, label, response.status_code)
        assert message in response.content.decode(), (endpoint.name, label)
        assert endpoint.documents() == [], (endpoint.name, label)


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize(
    "filename",
    ["a" * 5000 + ".pdf", "../../../../etc/passwd", "..\\..\\..\\windows\\x.html", "證明 <script>.html", ".htaccess"],
)
def test_a_hostile_name_on_a_good_file_never_reaches_the_disk(client, frozen_now, name, filename):
    endpoint = ENDPOINTS[name](client, frozen_now)
    response = endpoint.post(upload(filename, PNG, "image/png"))
    assert response.status_code == 302, (endpoint.name, filename, response.status_code)
    [(stored, _url)] = endpoint.documents()
    base = stored.name.rpartition("/")[2]
    assert len(base) == 36 and base.endswith(".png") and ".." not in stored.name
    assert stored.path.startswith(str(settings.MEDIA_ROOT))
