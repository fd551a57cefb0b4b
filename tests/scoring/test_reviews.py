"""成績複查: the window, once per sitting, the 3-working-day due date, and corrections."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.scoring import reviews
from skillcert.scoring.evaluation import session_evaluate
from skillcert.scoring.models import Outcome, ReviewStatus
from skillcert.scoring.rules import review_window
from skillcert.scoring.signals import candidate_certified
from tests.factories import StaffRole, staff_user
from tests.scoring.factories import CandidateFactory, make_level, scored, sitting

pytestmark = pytest.mark.django_db


def test_window_counts_publication_day_inclusive():
    published = dt.date(2026, 6, 12)
    assert review_window(published_on=published, opens=None, closes=None, days_from_publication=2) == (
        published,
        dt.date(2026, 6, 13),
    )
    explicit = (dt.date(2024, 6, 18), dt.date(2024, 6, 20))  # MDMT 113: 06/18-06/20
    assert (
        review_window(published_on=published, opens=explicit[0], closes=explicit[1], days_from_publication=2)
        == explicit
    )


def _setup(frozen_now, day, **session_extra):
    frozen_now(clock.at(day, 10))
    level = make_level()
    session = sitting(level, exam_date=day - dt.timedelta(days=20), published_in_days=20, **session_extra)
    candidate = CandidateFactory()
    scores = scored(candidate, session, {1: 72, 2: 66})
    session_evaluate(session=session)
    return session, candidate, scores


def test_review_outside_the_window_is_refused(frozen_now):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    frozen_now(clock.at(dt.date(2026, 6, 14), 0, 1))  # 2 days from 06/12 inclusive ends 06/13
    with pytest.raises(ValidationError, match="不在成績複查申請期間"):
        reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])


def test_review_only_once_per_sitting(frozen_now):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
    with pytest.raises(ValidationError, match="一次為限"):
        reviews.review_request(candidate=candidate, session=session, score_ids=[scores[1].pk])


def test_another_candidates_scores_cannot_be_reviewed(frozen_now):
    session, _candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    with pytest.raises(ValidationError):
        reviews.review_request(candidate=CandidateFactory(), session=session, score_ids=[scores[2].pk])


@pytest.mark.parametrize(
    "requested, due",
    [
        (dt.date(2026, 6, 11), dt.date(2026, 6, 16)),  # Thu → Fri, (weekend), Mon, Tue
        (dt.date(2026, 2, 12), dt.date(2026, 2, 24)),  # Thu → Fri, (weekend + 春節 02/16–20), Mon, Tue
        (dt.date(2025, 2, 6), dt.date(2025, 2, 10)),  # Thu → Fri, Sat 02/08 補班, Mon
    ],
)
def test_reply_due_within_3_taiwan_working_days(frozen_now, requested, due):
    session, candidate, scores = _setup(
        frozen_now, requested, review_opens=requested, review_closes=requested + dt.timedelta(days=3)
    )
    review = reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
    assert review.due_on == due


def test_corrected_score_recertifies_and_tells_the_candidate(
    frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    assert not Outcome.objects.get(candidate=candidate).certified  # 72 + 66 = 69 on average
    officer = staff_user(StaffRole.REVIEWER)
    calls = []
    candidate_certified.connect(receiver := lambda **kw: calls.append(kw["candidate"].pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            review = reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
            with pytest.raises(ValidationError, match="三項核對"):
                reviews.review_reply(
                    review=review, actor=officer, reply="", checked_attendance=True, checked_deductions=False,
                    rescored=True,
                )  # fmt: skip
            review = reviews.review_reply(
                review=review, actor=officer, reply="第 12 題登錄錯誤，已更正。", checked_attendance=True,
                checked_deductions=True, rescored=True, corrections={scores[2].pk: Decimal("68")},
            )  # fmt: skip
    finally:
        candidate_certified.disconnect(receiver)
    assert review.status == ReviewStatus.REPLIED and review.result == "corrected"
    assert Outcome.objects.get(candidate=candidate).certified  # 72 + 68 = 70
    assert calls == [candidate.pk]
    (reply,) = [m for m in mailoutbox if m.subject == "iPAS 成績複查結果"]
    assert "66 → 68" in reply.body and "您已取得授證資格" in reply.body
    assert [e.to_state for e in history(review)] == ["submitted", "replied"]


def test_reply_cannot_correct_a_subject_not_under_review(frozen_now):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    review = reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
    with pytest.raises(ValidationError, match="只能更正"):
        reviews.review_reply(
            review=review, actor=staff_user(StaffRole.REVIEWER), reply="", checked_attendance=True,
            checked_deductions=True, rescored=True, corrections={scores[1].pk: Decimal("90")},
        )  # fmt: skip


def test_reply_may_be_extended_with_a_reason_and_the_candidate_is_told(
    frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    review = reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
    officer = staff_user(StaffRole.REVIEWER)
    with pytest.raises(ValidationError, match="原因"):
        reviews.review_extend(review=review, due_on=dt.date(2026, 6, 30), reason=" ", actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        review = reviews.review_extend(review=review, due_on=dt.date(2026, 6, 30), reason="需調閱試卷", actor=officer)
    assert review.status == ReviewStatus.EXTENDED and review.due_on == dt.date(2026, 6, 30)
    (told,) = [m for m in mailoutbox if m.subject == "iPAS 成績複查延長查復通知"]
    assert "115/06/30" in told.body and "需調閱試卷" in told.body


def test_publication_day_email_goes_once(frozen_now, mailoutbox, django_capture_on_commit_callbacks):
    from skillcert.scoring.publication import scores_publish_notify

    frozen_now(clock.at(dt.date(2026, 6, 11), 9))
    level = make_level()
    session = sitting(level, exam_date=dt.date(2026, 5, 23), published_in_days=20)
    candidate = CandidateFactory()
    scored(candidate, session, {1: 72, 2: 66})
    assert scores_publish_notify() == 0
    frozen_now(clock.at(dt.date(2026, 6, 12), 0, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert scores_publish_notify() == 1
    assert scores_publish_notify() == 0
    assert [m.to for m in mailoutbox if m.subject == "iPAS 成績已公告"] == [[candidate.user.email]]


def test_a_replied_review_refuses_a_second_reply_or_an_extension(frozen_now):
    session, candidate, scores = _setup(frozen_now, dt.date(2026, 6, 12))
    review = reviews.review_request(candidate=candidate, session=session, score_ids=[scores[2].pk])
    officer = staff_user(StaffRole.REVIEWER)
    checks = {"checked_attendance": True, "checked_deductions": True, "rescored": True}
    review = reviews.review_reply(review=review, actor=officer, reply="無誤。", **checks)
    with pytest.raises(ValidationError, match="已查復"):
        reviews.review_reply(review=review, actor=officer, reply="again", **checks)
    with pytest.raises(ValidationError, match="不能再延長"):
        reviews.review_extend(review=review, due_on=review.due_on, reason="late", actor=officer)
    assert [e.to_state for e in history(review)] == ["submitted", "replied"]
