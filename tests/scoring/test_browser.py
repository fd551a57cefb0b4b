"""In a real browser: imported scores stay hidden until publication, then the candidate reads
results with the explanation, asks for a review, and sees the corrected outcome."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.core import clock
from skillcert.scoring import imports, reviews
from tests.factories import PASSWORD, StaffRole, staff_user
from tests.scoring.factories import CandidateFactory, make_level, register, sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXAM = dt.date(2026, 5, 23)


def sign_in(page, client, user):
    client.login(username=user.username, password=PASSWORD)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": page.url or "http://localhost"}])


def test_results_review_and_corrected_outcome(page, client, live_server, frozen_now, axe_check, screenshot):
    frozen_now(clock.at(EXAM + dt.timedelta(days=5), 10))
    level = make_level()
    session = sitting(level, exam_date=EXAM, published_in_days=20)  # 115/06/12
    candidate = CandidateFactory()
    register(candidate, session, (1, 2))
    for number, raw in ((1, "72"), (2, "65.5")):
        upload = SimpleUploadedFile("s.csv", f"身分證字號,原始分數\n{candidate.national_id},{raw}\n".encode())
        imports.scores_import(session=session, subject=level.subjects.get(number=number), uploaded_file=upload)

    page.goto(live_server.url + "/")
    sign_in(page, client, candidate.user)
    page.goto(f"{live_server.url}/portal/results/")
    assert "目前沒有已公告的成績" in page.content()
    assert page.goto(f"{live_server.url}/portal/results/{session.pk}/").status == 404

    frozen_now(clock.at(session.scores_published_on, 9))
    page.goto(f"{live_server.url}/portal/results/")
    page.get_by_role("link", name=str(session)).click()
    table = page.get_by_role("table").inner_text()
    assert "72" in table and "66" in table and "118/12/31" in table
    assert "考科2 或 考科3 尚須 70 分以上" in page.content()
    axe_check(page)
    screenshot(page, "scoring-results-not-yet-certified")

    page.get_by_role("link", name="申請成績複查").click()
    assert "不得申請閱覽試卷" in page.content()
    page.get_by_label("考科2").check()
    page.get_by_role("button", name="送出複查申請").click()
    assert "已收到您的成績複查申請" in page.content()

    review = candidate.reviews.get()
    reviews.review_reply(
        review=review, actor=staff_user(StaffRole.REVIEWER), reply="成績登錄錯誤，已更正。", checked_attendance=True,
        checked_deductions=True, rescored=True, corrections={review.items.get().score_id: Decimal("68")},
    )  # fmt: skip
    page.reload()
    assert "已取得授證資格" in page.content() and "成績更正" in page.content()
    axe_check(page)
    screenshot(page, "scoring-results-certified-after-review")
