"""The staff login in Chromium (issue 15): account, password, the authenticator's code and the
captcha in one step on /backoffice/login/, in zh-Hant; a wrong code gets the one answer, the
right one opens the back office. Checked with axe-core and photographed."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.accounts.management.commands.staff_totp import current_code
from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from tests.browser.test_accounts_flow import fill_captcha
from tests.factories import PASSWORD, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff_log_in(page, username, code=""):
    """What staff do in the other journeys: the back office's own login (no code needed there, as
    those tests run with BACKOFFICE_REQUIRE_OTP off)."""
    page.goto("/backoffice/login/")
    submit(page, username, code)


def submit(page, username, code):
    page.get_by_label("帳號", exact=True).fill(username)
    page.get_by_label("密碼", exact=True).fill(PASSWORD)
    page.get_by_label("驗證器 App 顯示的 6 位數字").fill(code)
    fill_captcha(page)
    page.get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def test_staff_log_in_in_one_step_with_password_and_code(page, axe_check, screenshot, settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    roles_setup()
    officer = staff_user(StaffRole.FINANCE)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)

    page.goto("/backoffice/login/")
    assert page.locator("select").count() == 0  # no device to choose
    axe_check(page)
    submit(page, officer.username, f"{(int(current_code(device)) + 1) % 1_000_000:06d}")
    assert page.get_by_role("alert").inner_text() == "帳號、密碼或驗證碼錯誤，或此帳號不能登入後台。"
    screenshot(page, "backoffice-login-refused")
    axe_check(page)

    device.refresh_from_db()
    device.throttle_reset()  # django-otp waits after a failure; a person would too
    submit(page, officer.username, current_code(device))
    page.wait_for_url("**/backoffice/")
    assert page.get_by_role("heading", name="執行單位作業").is_visible()
    screenshot(page, "backoffice-index-after-login")
