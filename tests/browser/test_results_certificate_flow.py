"""From scores to a verified certificate in Chromium (issue #5, 'What it must show'):
scores imported in the back office → before publication the candidate sees nothing → on the
publication day, results with the explanation → a review is requested → staff correct the
score → the candidate is certified → the certificate PDF (Chinese from the embedded font,
rendered to PNG) → its QR URL shows the certificate as valid."""

import datetime as dt
import re
from pathlib import Path

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import Level
from skillcert.certificates.models import Certificate
from skillcert.core import clock
from skillcert.core.pdf import pdf_text, pdf_to_png
from tests.certificates.factories import level_of
from tests.factories import PASSWORD, CandidateFactory, staff_user
from tests.scoring.factories import register, sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"
EXAM_DAY = dt.date(2026, 5, 23)  # 115/05/23
PUBLICATION = dt.date(2026, 6, 12)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("帳號", exact=True).fill(username)
    page.get_by_label("密碼", exact=True).fill(PASSWORD)
    key = page.input_value("input[name=captcha_0]")
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="登入").click()
    page.wait_for_load_state()


def staff_page(browser, live_server, user):
    """A second browser for the officer, signed in with a server-side session (the TOTP login
    itself is the accounts journey's subject)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="zh-TW", timezone_id="Asia/Taipei")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def import_scores(staff, session, subject_label, csv_text, tmp_path):
    staff.goto(f"/backoffice/tools/scoring/sessions/{session.pk}/")
    staff.get_by_label("檔案類別").select_option("scores")
    staff.get_by_label("考科").select_option(label=subject_label)
    path = tmp_path / "scores.csv"
    path.write_text(csv_text, encoding="utf-8")
    staff.get_by_label(re.compile("檔案（")).set_input_files(str(path))
    staff.get_by_role("button", name="匯入", exact=True).click()
    staff.wait_for_load_state()
    assert "成功 1 列，失敗 0 列" in staff.content()


def test_scores_to_verified_certificate(
    page, browser, live_server, settings, frozen_now, axe_check, screenshot, tmp_path
):
    settings.SITE_URL = live_server.url
    frozen_now(clock.at(dt.date(2026, 6, 5), 10))
    level = level_of(Level.Rank.BEGINNER)
    session = sitting(level, exam_date=EXAM_DAY, published_in_days=(PUBLICATION - EXAM_DAY).days,
                      certificates_mailed_from=dt.date(2026, 7, 31))  # fmt: skip
    candidate = CandidateFactory(name_zh="黃志明")
    register(candidate, session, (1, 2))
    first, second = level.subjects.order_by("number")[:2]
    officer = staff_user(StaffRole.ITEM_OFFICER, StaffRole.REVIEWER)
    staff = staff_page(browser, live_server, officer)

    # Scores imported: 58 + 82 (one subject below 60: not certified).
    nid = candidate.national_id
    import_scores(staff, session, str(first), f"身分證字號,到考,原始分數\n{nid},到考,58\n", tmp_path)
    import_scores(staff, session, str(second), f"身分證字號,到考,原始分數\n{nid},到考,82\n", tmp_path)
    assert candidate.scores.count() == 2

    # Before publication the candidate sees nothing.
    log_in(page, candidate.user.username)
    page.goto("/portal/results/")
    assert "目前沒有已公告的成績" in page.content()
    page.goto(f"/portal/results/{session.pk}/")
    assert "58" not in page.content() and "82" not in page.content()
    screenshot(page, "certificates-01-before-publication")

    # Publication day: results with the plain explanation.
    frozen_now(clock.at(PUBLICATION, 10))
    page.goto(f"/portal/results/{session.pk}/")
    body = page.content()
    assert "58" in body and "82" in body and "尚未取得授證資格" in body and "尚缺" in body
    axe_check(page)
    screenshot(page, "certificates-02-results-not-certified")

    # Review requested for subject 1.
    page.get_by_role("link", name="申請成績複查").click()
    page.get_by_label(re.compile(str(first))).check()
    page.get_by_role("button", name="送出複查申請").click()
    page.wait_for_load_state()
    assert "已收到您的成績複查申請" in page.content()

    # The officer finds a marking error: the raw score was 68.
    staff.goto("/backoffice/tools/scoring/reviews/")
    staff.get_by_role("row", name=re.compile("黃志明")).get_by_role("link").click()
    staff.get_by_label("更正原始分數").first.fill("68")
    for box in ("已核對到考、缺考紀錄", "已核對違規扣分或扣考紀錄", "已重新核對作答／評分及成績登錄"):
        staff.get_by_label(box).check()
    staff.get_by_label("查復說明（考生可見）").fill("經重新核對，考科1成績登錄有誤，更正為 68 分。")
    staff.get_by_role("button", name="查復並通知考生").click()
    staff.wait_for_load_state()

    # Certified: 68 + 82, average 75, none below 60; the certificate was issued by itself.
    page.goto(f"/portal/results/{session.pk}/")
    assert "已取得授證資格" in page.content() and "68" in page.content()
    screenshot(page, "certificates-03-results-certified")
    certificate = Certificate.objects.get(candidate=candidate, level=level)

    page.goto("/portal/certificates/")
    assert certificate.number in page.content()
    axe_check(page)
    screenshot(page, "certificates-04-my-certificates")
    pdf = page.request.get(f"/portal/certificates/{certificate.pk}/pdf/").body()
    proof = page.request.get(f"/portal/certificates/{certificate.pk}/temporary-proof/").body()
    assert pdf.startswith(b"%PDF") and proof.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "黃志明" in text and "能力鑑定證書" in text and certificate.number in text
    pdf_to_png(pdf, ARTIFACTS / "browser-certificate.png")
    pdf_to_png(proof, ARTIFACTS / "browser-temporary-proof.png")

    # The QR code's URL (also printed under it) opens the verification: valid.
    url = re.search(r"https?://\S+/certificates/verify/\S+/", text).group(0)
    assert url.startswith(live_server.url)
    anonymous = browser.new_context(base_url=live_server.url, locale="zh-TW").new_page()
    anonymous.goto(url)
    assert anonymous.locator("[data-status]").first.get_attribute("data-status") == "valid"
    assert "有效" in anonymous.content() and "黃○明" in anonymous.content()
    axe_check(anonymous)
    screenshot(anonymous, "certificates-05-verified-valid")
