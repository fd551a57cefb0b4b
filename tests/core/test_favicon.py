"""Every page links the site's favicon: public pages, the portals, the back office, the error page."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.core import clock
from tests.factories import CandidateFactory, staff_user

pytestmark = pytest.mark.django_db
ICON = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


def test_the_icon_exists_and_is_an_svg():
    path = finders.find("favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        assert handle.read().startswith("<svg")


def test_public_candidate_and_back_office_pages_link_it(client):
    for url in ("/", "/news/", "/accounts/login/", "/certificates/verify/"):
        assert ICON in client.get(url).content.decode(), url
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    client.force_login(candidate.user)
    assert ICON in client.get("/portal/").content.decode()
    roles_setup()
    client.force_login(staff_user(StaffRole.ADMIN))
    for url in ("/backoffice/", "/backoffice/accounts/candidateprofile/", "/backoffice/tools/certificates/"):
        response = client.get(url)
        assert response.status_code == 200 and ICON in response.content.decode(), url


def test_the_error_page_and_favicon_ico(client):
    assert ICON in render_to_string("500.html")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
