"""In a real browser at phone width: a seated candidate opens the exam notice from the status
page, reads venue, room, seat and times, and the page passes axe (no violations)."""

import datetime as dt

import pytest

from skillcert.core import clock
from skillcert.examday import notices
from tests.factories import PASSWORD

from .factories_notices import exam_sitting, make_room, seated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, user):
    client.login(username=user.username, password=PASSWORD)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": page.url or "http://localhost"}])


def test_the_exam_notice_at_phone_width(phone_page, client, live_server, frozen_now, axe_check, screenshot):
    session = exam_sitting()
    room = make_room()
    registration = seated(session, room, row=2, column=5, extra_minutes=20)
    page = phone_page
    page.goto(live_server.url + "/")
    sign_in(page, client, registration.candidate.user)

    page.goto(f"{live_server.url}/portal/registrations/{registration.pk}/")
    page.get_by_role("link", name="查看考試通知").click()
    assert clock.roc_date(notices.notice_opens_on(session)) in page.content()
    axe_check(page)

    frozen_now(clock.at(notices.notice_opens_on(session) + dt.timedelta(days=1), 9))
    page.reload()
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    for expected in (registration.admission_number, room.venue.address, room.name, "B05", "09:00–10:35"):
        assert expected in text, expected
    assert page.get_by_role("link", name="開啟地圖").get_attribute("href") == room.venue.map_url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
    axe_check(page)
    screenshot(page, "examday-notice-phone")
    response = page.request.get(f"{live_server.url}/portal/notices/{registration.pk}/pdf/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
