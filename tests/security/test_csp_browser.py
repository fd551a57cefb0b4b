"""Issue 14 §12 in a real browser: under the Content-Security-Policy the pages still work (the
captcha picture loads, the recovery form's script runs, the Django admin's scripts run) and
Chromium reports no violation; a stored PDF/HTML polyglot does not run as a page."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from skillcert.registrations.models import SpecialNeeds
from tests.factories import staff_user
from tests.registrations.factories import register
from tests.security.upload_endpoints import POLYGLOT_PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_public_pages_work_under_the_policy(page):
    violations = _watch(page)
    page.goto(reverse("accounts:login"))
    captcha = page.locator("img.captcha")
    assert captcha.evaluate("img => img.complete && img.naturalWidth > 0")
    page.goto(reverse("accounts:recover"))
    page.get_by_label("寄送簡訊").check()
    assert page.get_by_label("手機").is_visible() and not page.get_by_label("EMAIL 信箱").is_visible()
    assert violations == []


def test_the_admin_back_office_works_under_the_policy(page, live_server):
    register()
    _sign_in(page, live_server, staff_user(password=None, is_superuser=True))
    violations = _watch(page)
    page.goto(reverse("backoffice:registrations_registration_changelist"))
    assert page.get_by_role("table").first.is_visible()
    page.goto(reverse("backoffice:catalog_news_add"))
    # The admin's own scripts ran: they add the 今天/現在 shortcuts beside date and time fields.
    assert page.locator(".datetimeshortcuts").first.is_visible()
    assert violations == []


def test_a_stored_polyglot_never_runs_as_a_page(page, live_server):

    registration = register()
    name = default_storage.save(f"registrations/{registration.pk}/legacy.html", ContentFile(POLYGLOT_PDF))
    needs = SpecialNeeds.objects.create(registration=registration, extra_minutes=10, document=name)
    _sign_in(page, live_server, staff_user(password=None, is_superuser=True))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    url = reverse("backoffice_tools:registration_document", args=["special", needs.pk])
    try:
        page.goto(url)
    except PlaywrightError as error:  # headless Chromium may save a PDF instead of showing it
        assert "Download is starting" in str(error)
    else:
        assert page.evaluate("document.contentType") == "application/pdf"
    page.wait_for_timeout(500)  # the polyglot's script would have alerted by now
    assert dialogs == []
    # (Django's live test server serves MEDIA_URL itself, bypassing the app, so /media/ is not
    # tried here; test_upload_xss proves the app has no such route.)
