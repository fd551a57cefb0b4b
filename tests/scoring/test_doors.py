"""API and back-office doors: authentication, roles, and the import round trip."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.api.models import ApiToken
from skillcert.scoring.models import Score
from tests.factories import PASSWORD, StaffRole, staff_user
from tests.scoring.factories import CandidateFactory, make_level, register, scored, sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam():
    level = make_level()
    session = sitting(level)
    candidate = CandidateFactory()
    register(candidate, session, (1, 2))
    return session, level.subjects.get(number=1), candidate


def upload_url(session, subject, kind="scores"):
    return reverse("api:scoring_upload", args=[session.pk, subject.pk, kind])


def test_api_needs_credentials_and_the_right_role(client, exam):
    session, subject, candidate = exam
    body = {"file": SimpleUploadedFile("s.csv", f"身分證字號,原始分數\n{candidate.national_id},75\n".encode())}
    assert client.post(upload_url(session, subject), body).status_code == 401
    finance = staff_user(StaffRole.FINANCE)
    client.login(username=finance.username, password=PASSWORD)
    assert client.get(reverse("api:scoring_outcomes", args=[session.pk])).status_code == 403
    client.logout()


def test_api_upload_with_a_token_returns_the_row_report(client, exam):
    session, subject, candidate = exam
    _token, key = ApiToken.issue(user=staff_user(StaffRole.REVIEWER), name="scanner")
    body = {"file": SimpleUploadedFile("s.csv", f"身分證字號,原始分數\n{candidate.national_id},75\nX,1\n".encode())}
    response = client.post(upload_url(session, subject), body, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 201
    data = response.json()
    assert (data["accepted"], data["refused"]) == (1, 1)
    assert Score.objects.get(candidate=candidate, subject=subject).score == 75
    summary = client.get(reverse("api:scoring_outcomes", args=[session.pk]), headers={"Authorization": f"Bearer {key}"})
    assert summary.json() == {"session": session.pk, "evaluated": 1, "certified": 0}


def test_back_office_tools_check_the_role(client, exam):
    session, subject, candidate = exam
    url = reverse("backoffice_tools:scoring_session", args=[session.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    client.login(username=candidate.user.username, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(username=staff_user(StaffRole.FINANCE).username, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(username=staff_user(StaffRole.REVIEWER).username, password=PASSWORD)
    file = SimpleUploadedFile("s.csv", f"身分證字號,原始分數\n{candidate.national_id},71\n".encode())
    response = client.post(url, {"kind": "scores", "subject": subject.pk, "file": file}, follow=True)
    assert "成功 1 列，失敗 0 列" in response.content.decode()


def test_back_office_review_reply_and_incident(client, exam, frozen_now):
    import datetime as dt

    from skillcert.core import clock
    from skillcert.scoring import reviews

    session, subject, candidate = exam
    scores = scored(CandidateFactory(), session, {1: 60, 2: 75})
    owner = scores[1].candidate
    frozen_now(clock.at(session.scores_published_on, 9) + dt.timedelta(hours=1))
    review = reviews.review_request(candidate=owner, session=session, score_ids=[scores[1].pk])
    officer = staff_user(StaffRole.REVIEWER)
    client.login(username=officer.username, password=PASSWORD)
    url = reverse("backoffice_tools:scoring_review", args=[review.pk])
    page = client.post(url, {"reply": "ok", "checked_attendance": "1"}).content.decode()
    assert "三項核對" in page
    client.post(
        url,
        {"reply": "登錄錯誤", "checked_attendance": "1", "checked_deductions": "1", "rescored": "1",
         f"raw_{scores[1].pk}": "66"},
    )  # fmt: skip
    review.refresh_from_db()
    assert review.status == "replied" and Score.objects.get(pk=scores[1].pk).score == 66
    incident = reverse("backoffice_tools:scoring_incident", args=[session.pk])
    client.post(
        incident,
        {"national_id": owner.national_id, "subject": subject.pk, "kind": "phone", "points": 10, "note": "手機響"},
    )
    assert Score.objects.get(pk=scores[1].pk).score == 56


def test_back_office_ruling_announces_and_regrades(client, exam):
    from decimal import Decimal

    from skillcert.catalog.models import News
    from skillcert.scoring import services

    session, subject, candidate = exam
    services.answer_key_set(session=session, subject=subject, key={1: ("A", Decimal(50)), 2: ("B", Decimal(50))})
    row = candidate.registrations.get().subjects.get(subject=subject)
    services.responses_record(registration_subject=row, answers={1: "C", 2: "B"})
    url = reverse("backoffice_tools:scoring_disputes", args=[session.pk])
    client.login(username=staff_user(StaffRole.VENUE).username, password=PASSWORD)
    assert client.post(url, {"subject": subject.pk, "question": 1, "decision": "all_points"}).status_code == 403
    client.logout()
    client.login(username=staff_user(StaffRole.REVIEWER).username, password=PASSWORD)
    page = client.post(url, {"subject": subject.pk, "question": 1, "decision": "accept_options", "options": "A"})
    assert "至少填寫兩個選項" in page.content.decode()
    response = client.post(url, {"subject": subject.pk, "question": 1, "decision": "accept_options", "options": "A,C"})
    assert response.status_code == 302
    assert Score.objects.get(candidate=candidate, subject=subject).score == 100
    assert "選 A、C 均給分" in News.objects.get().body
