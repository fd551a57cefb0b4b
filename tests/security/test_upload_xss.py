"""Issue 14 §1 (critical): stored XSS against staff through an uploaded document.

The probe uploaded, as a candidate, `x.html` whose bytes start with `%PDF-` and hold a script;
it was stored as .html and the back office served it inline as text/html in the staff origin.
Each test repeats that through the real forms and opens the file as the deciding staff role."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import Resolver404, reverse
from django.urls.resolvers import RegexPattern, URLResolver

import skillcert.urls
from skillcert.accounts.models import StaffRole
from skillcert.registrations.models import SpecialNeeds
from tests.factories import staff_user
from tests.registrations.factories import register
from tests.security.upload_endpoints import (
    ENDPOINTS,
    HTML_BEHIND_PDF_SIGNATURE,
    POLYGLOT_PDF,
    POLYGLOT_PNG,
    upload,
)

pytestmark = pytest.mark.django_db


def _assert_safe(response, *, mime: str, extension: str):
    assert response.status_code == 200
    assert response["Content-Type"] == mime and "html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="') and disposition.endswith(f'.{extension}"')
    assert "x.html" not in disposition
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


@pytest.mark.parametrize("name", ["plan", "special_needs", "refund", "renewal", "dispute"])
def test_a_pdf_html_polyglot_named_x_html_is_stored_as_pdf_and_served_as_pdf(client, frozen_now, name):
    endpoint = ENDPOINTS[name](client, frozen_now)
    response = endpoint.post(upload("x.html", POLYGLOT_PDF))
    assert response.status_code == 302, endpoint.name
    [(stored, staff_url)] = endpoint.documents()
    assert stored.name.endswith(".pdf") and "x.html" not in stored.name and ".html" not in stored.name
    if staff_url is None:  # dispute evidence: stored safely, and no door serves it
        return
    client.force_login(staff_user(endpoint.deciding_role, password=None))
    opened = client.get(staff_url)
    _assert_safe(opened, mime="application/pdf", extension="pdf")
    assert b"".join(opened.streaming_content) == POLYGLOT_PDF


def test_a_png_with_a_page_after_its_end_is_served_as_an_image(client, frozen_now):
    endpoint = ENDPOINTS["special_needs"](client, frozen_now)
    assert endpoint.post(upload("photo.svg", POLYGLOT_PNG, "image/svg+xml")).status_code == 302
    [(stored, staff_url)] = endpoint.documents()
    assert stored.name.endswith(".png")
    client.force_login(staff_user(StaffRole.ITEM_OFFICER, password=None))
    response = client.get(staff_url)
    _assert_safe(response, mime="image/png", extension="png")
    assert "sandbox" in response["Content-Security-Policy"]


def test_html_behind_a_pdf_signature_is_refused_before_it_is_stored(client, frozen_now):
    endpoint = ENDPOINTS["special_needs"](client, frozen_now)
    response = endpoint.post(upload("x.html", HTML_BEHIND_PDF_SIGNATURE))
    assert response.status_code == 400 and "檔案內容不完整或已損毀" in response.content.decode()
    assert endpoint.documents() == []


def _legacy_special_needs(content: bytes) -> SpecialNeeds:
    """A document stored before the fix, under the client's `.html` name."""
    registration = register()
    name = default_storage.save(f"registrations/{registration.pk}/legacy.html", ContentFile(content))
    needs = SpecialNeeds.objects.create(registration=registration, extra_minutes=10, document=name)
    assert needs.document.name.endswith(".html")
    return needs


def test_an_old_file_stored_as_html_is_served_by_its_content_not_its_name(client):
    officer = staff_user(StaffRole.ITEM_OFFICER, password=None)
    client.force_login(officer)
    pdf = _legacy_special_needs(POLYGLOT_PDF)
    _assert_safe(
        client.get(reverse("backoffice_tools:registration_document", args=["special", pdf.pk])),
        mime="application/pdf",
        extension="pdf",
    )


def test_an_old_html_page_is_only_ever_a_download(client):
    needs = _legacy_special_needs(b"<!doctype html><script>alert(document.cookie)</script>")
    client.force_login(staff_user(StaffRole.ITEM_OFFICER, password=None))
    response = client.get(reverse("backoffice_tools:registration_document", args=["special", needs.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="special-{needs.pk}.bin"'
    assert "sandbox" in response["Content-Security-Policy"]


def test_uploads_have_no_public_url_even_on_the_development_server(client, frozen_now, settings):
    endpoint = ENDPOINTS["plan"](client, frozen_now)
    endpoint.post(upload("x.html", POLYGLOT_PDF))
    [(stored, _url)] = endpoint.documents()
    assert client.get(f"/media/{stored.name}").status_code == 404
    # The URLconf as runserver builds it (DEBUG on): still no route to MEDIA_ROOT.
    settings.DEBUG = True
    try:
        debug_urls = importlib.reload(skillcert.urls)
        with pytest.raises(Resolver404):
            URLResolver(RegexPattern(r"^/"), debug_urls.urlpatterns).resolve(f"/media/{stored.name}")
    finally:
        settings.DEBUG = False
        importlib.reload(skillcert.urls)
