"""疑義: filing rules, and a ruling that regrades a subject for everyone and changes exactly
the outcomes that should change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.catalog.models import News
from skillcert.core import clock
from skillcert.scoring import disputes, services
from skillcert.scoring.evaluation import outcomes_announce, session_evaluate
from skillcert.scoring.models import Attendance, Dispute, Outcome, Ruling, Score
from skillcert.scoring.signals import candidate_certified, certification_withdrawn
from tests.factories import StaffRole, staff_user
from tests.registrations.factories import PNG
from tests.scoring.factories import CandidateFactory, make_level, register, sitting

pytestmark = pytest.mark.django_db
EXAM = dt.date(2026, 5, 23)


def answers(q1: str, correct_others: int) -> dict[int, str]:
    """Q1 as given; of Q2–Q50 (key A), the first `correct_others` right, the rest D."""
    return {1: q1} | {q: ("A" if q - 2 < correct_others else "D") for q in range(2, 51)}


@pytest.fixture
def exam(frozen_now):
    frozen_now(clock.at(EXAM, 17))
    level = make_level()
    session = sitting(level, exam_date=EXAM, dispute_opens=EXAM, dispute_closes=EXAM + dt.timedelta(days=2))
    subject = level.subjects.get(number=1)
    services.answer_key_set(session=session, subject=subject, key={q: ("A", Decimal(2)) for q in range(1, 51)})
    return session, subject


def sit(session, q1, correct_others, second):
    candidate = CandidateFactory()
    registration = register(candidate, session, (1, 2))
    first_row, second_row = registration.subjects.order_by("subject__number")
    services.responses_record(registration_subject=first_row, answers=answers(q1, correct_others))
    services.score_record(registration_subject=second_row, attendance=Attendance.PRESENT, raw_score=Decimal(second))
    return candidate


def subject_score(candidate, number=1):
    return Score.objects.get(candidate=candidate, subject__number=number).score


def test_key_change_regrades_everyone_and_changes_exactly_the_outcomes_it_should(
    exam, frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    session, subject = exam
    loses = sit(session, "A", 34, 70)  # 70 + 70 → certified; after: 68 + 70 → not
    keeps = sit(session, "B", 34, 72)  # 68 + 72 → certified; after: 70 + 72 → still
    gains = sit(session, "B", 34, 70)  # 68 + 70 → not; after: 70 + 70 → certified
    stays = sit(session, "C", 20, 90)  # 40 + 90 → not; after: the same
    session_evaluate(session=session)
    before = {c.pk: Outcome.objects.get(candidate=c).certified for c in (loses, keeps, gains, stays)}
    assert before == {loses.pk: True, keeps.pk: True, gains.pk: False, stays.pk: False}
    frozen_now(clock.at(session.scores_published_on, 9))
    assert outcomes_announce() == 2  # loses and keeps: announced from publication day

    signals = []
    candidate_certified.connect(on_certified := lambda **kw: signals.append(("certified", kw["candidate"].pk)))
    certification_withdrawn.connect(on_withdrawn := lambda **kw: signals.append(("withdrawn", kw["candidate"].pk)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ruling, changed = disputes.ruling_record(
                session=session, subject=subject, question=1, decision=Ruling.Decision.CHANGE_KEY, options="b",
                note="原答案有誤", actor=staff_user(StaffRole.REVIEWER),
            )  # fmt: skip
    finally:
        candidate_certified.disconnect(on_certified)
        certification_withdrawn.disconnect(on_withdrawn)

    assert changed == 3  # everyone who answered A or B on Q1
    assert [subject_score(c) for c in (loses, keeps, gains, stays)] == [68, 70, 70, 40]
    after = {c.pk: Outcome.objects.get(candidate=c).certified for c in (loses, keeps, gains, stays)}
    assert after == {loses.pk: False, keeps.pk: True, gains.pk: True, stays.pk: False}
    assert sorted(signals) == sorted([("certified", gains.pk), ("withdrawn", loses.pk)])
    told = sorted(address for m in mailoutbox if m.subject == "iPAS 授證資格異動通知" for address in m.to)
    assert told == sorted([loses.user.email, gains.user.email])
    news = News.objects.get(pk=ruling.news_id)
    assert "第 1 題" in news.body and "更正答案為 B" in news.body and subject.code in news.body
    assert loses.name_zh not in news.body


def test_accepting_two_options_and_giving_everyone_the_points(exam):
    session, subject = exam
    picked_a = sit(session, "A", 34, 70)
    picked_b = sit(session, "B", 34, 70)
    blank = sit(session, "", 34, 70)
    session_evaluate(session=session)
    disputes.ruling_record(
        session=session, subject=subject, question=1, decision=Ruling.Decision.ACCEPT_OPTIONS, options="A,B",
        actor=staff_user(StaffRole.REVIEWER),
    )  # fmt: skip
    assert [subject_score(c) for c in (picked_a, picked_b, blank)] == [70, 70, 68]
    disputes.ruling_record(
        session=session, subject=subject, question=2, decision=Ruling.Decision.ALL_POINTS,
        actor=staff_user(StaffRole.REVIEWER),
    )  # fmt: skip
    # Q2 was right for all three already (correct_others=34 starts at Q2): no change there.
    assert [subject_score(c) for c in (picked_a, picked_b, blank)] == [70, 70, 68]
    disputes.ruling_record(
        session=session, subject=subject, question=50, decision=Ruling.Decision.ALL_POINTS,
        actor=staff_user(StaffRole.REVIEWER),
    )  # fmt: skip
    assert [subject_score(c) for c in (picked_a, picked_b, blank)] == [72, 72, 70]


def test_not_upheld_is_final_and_not_announced(exam):
    session, subject = exam
    someone = sit(session, "B", 34, 70)
    ruling, changed = disputes.ruling_record(
        session=session, subject=subject, question=1, decision=Ruling.Decision.NOT_UPHELD,
        actor=staff_user(StaffRole.REVIEWER),
    )  # fmt: skip
    assert changed == 0 and ruling.news is None and subject_score(someone) == 68
    with pytest.raises(ValidationError, match="最終決定"):
        disputes.ruling_record(
            session=session, subject=subject, question=1, decision=Ruling.Decision.CHANGE_KEY, options="B",
            actor=staff_user(StaffRole.REVIEWER),
        )  # fmt: skip


def test_one_complete_filing_per_question_online_within_the_window(exam, frozen_now):
    session, subject = exam
    candidate = sit(session, "B", 34, 70)
    evidence = SimpleUploadedFile("proof.png", PNG, content_type="image/png")
    dispute = disputes.dispute_file(
        candidate=candidate, session=session, subject=subject, question=7, reason="選項 B 與 C 皆正確",
        channel=Dispute.Channel.ONLINE, evidence=evidence,
    )  # fmt: skip
    assert dispute.evidence_type == "image/png"
    with pytest.raises(ValidationError, match="一次性提出完整疑義"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=7, reason="補充",
            channel=Dispute.Channel.ONLINE,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="具體敘明"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=8, reason=" ",
            channel=Dispute.Channel.ONLINE,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="題號"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=51, reason="x",
            channel=Dispute.Channel.ONLINE,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="PDF、JPG 或 PNG"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=9, reason="x",
            channel=Dispute.Channel.ONLINE, evidence=SimpleUploadedFile("a.exe", b"MZ" + b"\x00" * 50),
        )  # fmt: skip
    frozen_now(clock.at(EXAM + dt.timedelta(days=3), 9))
    with pytest.raises(ValidationError, match="不在疑義申請期間"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=10, reason="x",
            channel=Dispute.Channel.ONLINE,
        )  # fmt: skip


def test_exam_day_filing_is_recorded_by_staff_on_the_day(exam, frozen_now):
    session, subject = exam
    candidate = sit(session, "B", 34, 70)
    proctor = staff_user(StaffRole.VENUE)
    with pytest.raises(ValidationError, match="監試人員"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=3, reason="題意不清",
            channel=Dispute.Channel.EXAM_DAY, actor=None,
        )  # fmt: skip
    dispute = disputes.dispute_file(
        candidate=candidate, session=session, subject=subject, question=3, reason="題意不清",
        channel=Dispute.Channel.EXAM_DAY, actor=proctor,
    )  # fmt: skip
    assert dispute.recorded_by == proctor
    frozen_now(clock.at(EXAM + dt.timedelta(days=1), 9))
    with pytest.raises(ValidationError, match="考試當天"):
        disputes.dispute_file(
            candidate=candidate, session=session, subject=subject, question=4, reason="題意不清",
            channel=Dispute.Channel.EXAM_DAY, actor=proctor,
        )  # fmt: skip
