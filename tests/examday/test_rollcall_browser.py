"""In a real browser at phone width: the proctor opens the room's roll call, taps 到考 for one
candidate and records a ringing phone for another; the page keeps to the phone's width."""

import datetime as dt

import pytest

from skillcert.accounts.models import StaffRole
from skillcert.examrecords.models import RollCall
from skillcert.scoring.models import Score
from tests.factories import staff_user

from .factories_notices import exam_sitting, make_room, seated
from .test_notice_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_roll_call_on_a_phone(phone_page, client, live_server, frozen_now, screenshot):
    session = exam_sitting()
    room = make_room()
    first, second = seated(session, room, row=1, column=1), seated(session, room, row=1, column=2)
    period = session.timetable.order_by("starts_at").first()
    frozen_now(period.starts_at + dt.timedelta(minutes=5))
    page = phone_page
    page.goto(live_server.url + "/")
    sign_in(page, client, staff_user(StaffRole.VENUE))

    page.goto(f"{live_server.url}/backoffice/tools/examday/roll-call/{room.pk}/{period.pk}/")
    card = page.locator(f"#seat-{first.admission_number}")
    card.get_by_role("button", name="到考").click()
    assert "到考" in page.locator(f"#seat-{first.admission_number} .mark").inner_text()
    assert RollCall.objects.get(registration=first).status == "present"

    page.get_by_label("考試通知碼").fill(second.admission_number)
    page.get_by_label("違規事項").select_option("phone")
    page.get_by_label("扣分（電子設備發出聲響：5 至 20）").fill("10")
    page.get_by_role("button", name="記錄", exact=True).click()
    assert "−10" in page.locator(f"#seat-{second.admission_number}").inner_text()
    assert Score.objects.get(registration_subject__registration=second, subject=period.subject).deduction == 10

    page.get_by_label("考試通知碼").fill("NOT-HERE")
    page.get_by_role("button", name="記錄", exact=True).click()
    assert "不在" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
    screenshot(page, "examday-roll-call-phone")
