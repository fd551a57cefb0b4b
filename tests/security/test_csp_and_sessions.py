"""Issue 14 §12 (production polish): a Content-Security-Policy on every page with no inline
script, short staff sessions, zh-Hant error pages, and no route that serves uploads."""

import re
import time

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from skillcert.accounts.models import StaffRole
from skillcert.accounts.sessions import LAST_SEEN
from tests.factories import CandidateFactory, make_session, staff_user
from tests.groups.factories import make_coordinator

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _assert_policy(response, label):
    policy = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    assert directives.get("default-src") == "'self'", label
    assert "'unsafe-inline'" not in directives.get("script-src", "'unsafe-inline'"), label
    assert "'unsafe-eval'" not in directives["script-src"], label
    assert directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'", label


def _assert_no_inline_script(response, label):
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (label, INLINE_SCRIPT.search(html))
    assert not INLINE_HANDLER.search(html), (label, INLINE_HANDLER.search(html))
    assert not JS_URL.search(html), label


def _pages(client):
    """(label, user or None, url) for public, candidate, coordinator and back-office pages."""
    session = make_session()
    officer = staff_user(password=None, is_superuser=True)
    return [
        ("public home", None, reverse("catalog:home")),
        ("public news", None, reverse("catalog:news")),
        ("certificate verification", None, reverse("certificates:verify")),
        ("candidate login with captcha", None, reverse("accounts:login")),
        ("recovery", None, reverse("accounts:recover")),
        ("group sign-up", None, reverse("groupportal:signup")),
        ("back-office login", None, reverse("backoffice:login")),
        ("portal home", CandidateFactory(user__password=None).user, reverse("portal:home")),
        ("portal registration form", CandidateFactory(user__password=None).user,
         reverse("portal:registration_new", args=[session.pk])),
        ("group portal home", make_coordinator().user, reverse("groupportal:home")),
        ("back-office index", officer, reverse("backoffice:index")),
        ("back-office change list", officer, reverse("backoffice:registrations_registration_changelist")),
        ("back-office add form", officer, reverse("backoffice:catalog_news_add")),
        ("back-office review queue", officer, reverse("backoffice_tools:review_queue")),
    ]  # fmt: skip


def test_every_kind_of_page_carries_the_policy_and_no_inline_script(client):
    for label, user, url in _pages(client):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        _assert_policy(response, label)
        _assert_no_inline_script(response, label)


def test_a_nonce_is_offered_for_the_rare_inline_script(rf):
    middleware = CSPMiddleware(lambda request: HttpResponse(str(request.csp_nonce)))
    response = middleware(rf.get("/"))
    assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]


def _staff_client(client):
    staff = staff_user(StaffRole.ITEM_OFFICER, password=None)
    client.force_login(staff)
    return staff


def test_a_staff_session_is_a_browser_session_cookie(client):
    _staff_client(client)
    response = client.get(reverse("backoffice_tools:review_queue"))
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert client.session.get_expire_at_browser_close()


def test_a_staff_session_idle_for_more_than_30_minutes_ends(client):
    _staff_client(client)
    url = reverse("backoffice_tools:review_queue")
    assert client.get(url).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(url).status_code == 200  # 29 minutes: still signed in, and the clock restarts
    session = client.session
    assert int(time.time()) - session[LAST_SEEN] < 5
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("backoffice:login") in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "閒置超過 30 分鐘" in page


def test_a_candidate_keeps_the_long_session(client):
    candidate = CandidateFactory(user__password=None)
    client.force_login(candidate.user)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 3 * 60 * 60  # ignored: candidates are not staff
    session.save()
    assert client.get(reverse("portal:home")).status_code == 200
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_the_404_page_is_zh_hant_with_english_alongside_when_debug_is_off(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到網頁" in html and "Page not found" in html and 'lang="zh-Hant-TW"' in html
    assert "Traceback" not in html and "URLconf" not in html
    _assert_policy(response, "404")


def test_the_500_page_is_zh_hant_and_self_contained(settings):
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系統暫時無法處理您的要求" in html and "Something went wrong" in html
    assert not INLINE_SCRIPT.search(html)
