"""The individual registration and payment journey in Chromium (issue #3, 'What it must show'):
sign-up → register for SPE 初級 with subjects 1+3 → payment slip → finance imports the bank
file in the back office → 繳費成功 on 報名進度查詢 and the confirmation e-mail (arriving at a
real SMTP server on loopback)."""

import re

import pytest
from captcha.models import CaptchaStore

from skillcert.accounts.models import StaffRole
from skillcert.catalog.demo import load_brochures
from skillcert.payments.bankfile import render_fixed
from skillcert.payments.models import VirtualAccount
from tests.browser.test_staff_login import staff_log_in
from tests.factories import staff_user
from tests.payments.helpers import pay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "linmeiling2026"
CANDIDATE_PASSWORD = "Harbor7Lantern42"


def fill_captcha(page):
    key = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)


def sign_up(page):
    page.goto("/accounts/signup/")
    page.get_by_label("帳號", exact=True).fill(USERNAME)
    page.get_by_label("密碼", exact=True).fill(CANDIDATE_PASSWORD)
    page.get_by_label("再次輸入密碼").fill(CANDIDATE_PASSWORD)
    page.get_by_label("中文姓名").fill("林美玲")
    fill_captcha(page)
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/accounts/signup/consent/")
    page.get_by_label("本人已詳細閱讀並瞭解上述告知事項").check()
    page.get_by_role("button", name="同意並繼續").click()
    page.wait_for_url("**/accounts/signup/details/")
    page.get_by_label("身分證字號/居留證號").fill("A223456781")
    page.get_by_label("英文姓名").fill("lin mei ling")
    page.get_by_label("出生日期").fill("2003-04-05")
    page.get_by_label("手機").fill("0912345678")
    page.get_by_label("E-mail").fill("meiling@example.com")
    page.get_by_label("通訊地址").fill("新竹縣竹東鎮中興路四段195號")
    page.get_by_role("button", name="送出註冊").click()
    page.wait_for_url("**/accounts/login/")


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("帳號", exact=True).fill(username)
    page.get_by_label("密碼", exact=True).fill(password)
    fill_captcha(page)
    page.get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def choose(page, name, text):
    value = page.locator(f"select[name={name}] option", has_text=text).first.get_attribute("value")
    page.locator(f"select[name={name}]").select_option(value=value)


def register_spe_beginner(page):
    page.goto("/portal/registrations/new/")
    card = page.locator("li.card", has_text="智慧生產工程師 初級").first
    card.get_by_role("link", name="報名此梯次").click()
    page.get_by_role("checkbox", name=re.compile(r"^\s*1\. ")).check()
    page.get_by_role("checkbox", name=re.compile(r"^\s*3\. ")).check()  # 術科實作
    choose(page, "region", "台北")
    choose(page, "practical_venue", "國立臺北科技大學")
    page.get_by_role("button", name="下一步：確認報名資料").click()
    assert page.get_by_role("heading", name="確認報名資料").is_visible()
    page.get_by_role("button", name="確認送出報名").click()
    page.wait_for_url(re.compile(r"/portal/registrations/\d+/$"))


def test_register_pay_by_bank_file_and_see_paid(page, browser, live_server, settings, axe_check, screenshot,
                                               smtp_server, tmp_path):  # fmt: skip
    from skillcert.urls import urlpatterns

    if not any(getattr(p, "namespace", None) == "payments" for p in urlpatterns):
        settings.ROOT_URLCONF = "tests.payments.urls"  # until skillcert/urls.py mounts payments
    load_brochures()
    finance = staff_user(StaffRole.FINANCE)

    sign_up(page)
    log_in(page, USERNAME, CANDIDATE_PASSWORD)
    register_spe_beginner(page)
    assert page.get_by_text("待繳費").first.is_visible()
    account = VirtualAccount.objects.get(registration__candidate__user__username=USERNAME, status="active")
    assert account.amount == 800 + 2100  # new candidate: written 800 + practical 2,100 (SPE 115 §3.2)
    screenshot(page, "payments-registration-awaiting-payment")

    page.get_by_role("link", name="列印繳費單").click()
    page.wait_for_url("**/payments/slip/*/")
    slip = page.content()
    assert "兆豐國際商業銀行" in slip and "2,900" in slip and account.number[:5] in slip
    screenshot(page, "payments-slip")
    axe_check(page)
    pdf = page.request.get(page.get_by_role("link", name="下載列印繳費單（PDF）").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    bank_file = tmp_path / "017-credits.txt"
    bank_file.write_text(render_fixed([pay(account)]), encoding="ascii")
    office = browser.new_context(base_url=live_server.url, locale="zh-TW", timezone_id="Asia/Taipei").new_page()
    staff_log_in(office, finance.username)
    office.goto("/backoffice/tools/payments/bank-files/")
    office.get_by_label("銀行入帳檔（固定長度或 CSV）").set_input_files(str(bank_file))
    office.get_by_role("button", name="匯入").click()
    office.wait_for_url(re.compile(r"/bank-files/\d+/$"))
    assert office.locator("#summary-lines").inner_text() == "1"
    assert office.locator("#summary-matched").inner_text() == "1"
    assert office.locator("#summary-exceptions").inner_text() == "0"
    screenshot(office, "payments-import-summary")
    office.context.close()

    page.goto("/portal/registrations/")
    row = page.locator("tr", has_text="智慧生產工程師 初級")
    assert row.locator(".status").inner_text() == "繳費成功"
    screenshot(page, "payments-registration-paid")
    axe_check(page)
    message = smtp_server.wait_for(lambda m: "繳費成功" in m["Subject"])
    body = smtp_server.body(message)
    assert message["To"] == "meiling@example.com"
    assert "林美玲" in body and "NT$2,900" in body and account.number in body
