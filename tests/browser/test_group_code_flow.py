"""A candidate registers with the group's discount code, in Chromium (issue #12, 'Must show'):
the coordinator registers the sitting and gets the code → a candidate signs up and registers
with it (a wrong code, another sitting's code and an expired one first: each a clear message,
nothing saved) → the group price, nothing to pay, the coordinator's contact on the status page
→ the candidate is on the group's dashboard → finance records one remittance that pays it →
the coordinator downloads the invoice PDF."""

import datetime as dt
import re

import pytest

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.core.pdf import pdf_text
from skillcert.payments.models import VirtualAccount
from skillcert.registrations.models import Registration, RegistrationStatus
from tests.browser.test_group_flow import log_in, log_out
from tests.browser.test_registration_payment_flow import CANDIDATE_PASSWORD, USERNAME, sign_up
from tests.browser.test_staff_login import staff_log_in
from tests.factories import PASSWORD, make_session, staff_user
from tests.groups.factories import make_coordinator, make_organisation, make_sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_subjects(page):
    page.get_by_role("checkbox", name=re.compile(r"^\s*1\. ")).check()
    page.get_by_role("checkbox", name=re.compile(r"^\s*2\. ")).check()


def try_code(page, session, code):
    page.goto(f"/portal/registrations/new/{session.pk}/")
    choose_subjects(page)
    page.get_by_label("團報折扣碼（選填）").fill(code)
    page.get_by_role("button", name="下一步：確認報名資料").click()


def field_error(page):
    return page.locator("#id_discount_code").locator("xpath=ancestor::*[contains(@class,'field')][1]").inner_text()


def test_a_candidate_registers_with_the_group_code_and_the_group_pays(
    page, axe_check, screenshot, monkeypatch, tmp_path
):
    session = make_session(capacity=50)
    other_session = make_session(session.level, nth=2)
    other_code = make_sitting(session=other_session).discount_code
    coordinator = make_coordinator(
        username="ntutgroup", email="group@ntut.example",
        organisation=make_organisation(name="國立臺北科技大學", invoice_title="國立臺北科技大學"),
    )  # fmt: skip
    staff = staff_user(StaffRole.FINANCE)

    # The coordinator registers the sitting and reads the code.
    log_in(page, "ntutgroup", PASSWORD)
    page.wait_for_url("**/group/")
    page.get_by_role("listitem").filter(has_text=str(session)).get_by_role("button", name="登記考試活動").click()
    page.wait_for_url("**/group/sittings/*/")
    code = page.locator("#discount-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    log_out(page)

    # A student signs up and tries codes.
    sign_up(page)
    log_in(page, USERNAME, CANDIDATE_PASSWORD)
    try_code(page, session, "WRONG12345")
    assert "團報折扣碼錯誤，請向您的團報窗口確認。" in field_error(page)
    assert page.locator("#id_discount_code").input_value() == "WRONG12345"  # kept, to correct it
    screenshot(page, "group-code-wrong")
    try_code(page, session, other_code)
    assert "不適用於本梯次" in field_error(page)
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: session.group_registration_closes + dt.timedelta(minutes=5))
    try_code(page, session, code)
    assert "此團報折扣碼已失效：團體報名已於" in field_error(page)
    monkeypatch.setattr(clock, "now", real_now)
    assert not Registration.objects.exists()

    try_code(page, session, code.lower())
    assert page.get_by_role("heading", name="確認報名資料").is_visible()
    assert "國立臺北科技大學" in page.locator("#group-sitting").inner_text()
    assert page.get_by_text("1,200").first.is_visible()  # 團體報名方案 600 × 2
    axe_check(page)
    screenshot(page, "group-code-review")
    page.get_by_role("button", name="確認送出報名").click()
    page.wait_for_url(re.compile(r"/portal/registrations/\d+/$"))
    contact = page.locator("#group-contact").inner_text()
    assert "周窗口" in contact and "02-27712171" in contact and "group@ntut.example" in contact
    assert page.get_by_text("團體報名費用由團報窗口統一繳納。").is_visible()
    assert page.get_by_text("虛擬帳號").count() == 0
    assert not VirtualAccount.objects.exists()
    axe_check(page)
    screenshot(page, "group-code-registered")
    log_out(page)

    # On the group's dashboard.
    log_in(page, "ntutgroup", PASSWORD)
    page.get_by_role("link", name=str(session)).click()
    assert page.locator("#candidates tbody tr").count() == 1
    assert "林美玲" in page.locator("#candidates").inner_text()
    assert page.locator("#amount-due").inner_text() == "NT$ 1,200"
    log_out(page)

    # Finance records one remittance for the group.
    staff_log_in(page, staff.username)
    page.goto("/backoffice/tools/groups/")
    page.get_by_role("link", name=re.compile("國立臺北科技大學")).click()
    page.get_by_label("匯款金額").fill("1200")
    page.get_by_label("匯款日期").fill(dt.date.today().isoformat())
    page.get_by_label("銀行交易序號").fill("LB20260320-0101")
    page.get_by_role("button", name="登錄匯款並入帳").click()
    assert page.get_by_text("已入帳 1 筆報名").is_visible()
    log_out(page)
    assert Registration.objects.get().status == RegistrationStatus.PAID

    # The coordinator sees it paid and downloads the invoice PDF.
    log_in(page, "ntutgroup", PASSWORD)
    page.get_by_role("link", name=str(session)).click()
    assert page.locator("#candidates .status", has_text="繳費成功").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="下載發票 PDF").click()
    path = tmp_path / "invoice.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    assert "國立臺北科技大學" in text and "1,200" in text
    screenshot(page, "group-code-paid")
    assert coordinator.organisation.sittings.get().remittances.get().invoice.amount == 1200
