"""The candidate's registration pages in Chromium at phone width: accessible, nothing lost."""

import pytest
from django.test import Client

from tests.factories import CandidateFactory, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_register_for_spe_beginner_with_subjects_1_and_3(phone_page, live_server, axe_check, screenshot):
    session = make_session()
    candidate = CandidateFactory()
    logged_in(phone_page, live_server, candidate.user)
    phone_page.goto(f"/portal/registrations/new/{session.pk}/")
    axe_check(phone_page)
    screenshot(phone_page, "registration-form-phone")
    phone_page.get_by_label("1. L11 考科1（學科）").check()
    phone_page.get_by_label("3. L13 考科3（術科實作）").check()
    phone_page.get_by_role("button", name="下一步：確認報名資料").click()
    assert "2,900" in phone_page.content()
    axe_check(phone_page)
    screenshot(phone_page, "registration-review-phone")
    phone_page.get_by_role("button", name="確認送出報名").click()
    phone_page.wait_for_url("**/portal/registrations/*/")
    assert "待繳費" in phone_page.content() and "報名已送出" in phone_page.content()
    # The flash message list in base.html (not this area's) fails axe 'listitem' (ul role=status);
    # reported to the lead. Check the page itself without the one-time message.
    phone_page.reload()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page)
    screenshot(phone_page, "registration-detail-phone")
    phone_page.goto("/portal/registrations/")
    assert "請於" in phone_page.content()
    axe_check(phone_page)
