"""Outcome rows, idempotent evaluation, the certified signal and kept passes from the database."""

import datetime as dt
from decimal import Decimal

import pytest

from skillcert.catalog.models import Level
from skillcert.core import clock
from skillcert.scoring import selectors
from skillcert.scoring.evaluation import certification_evaluate, outcomes_announce, session_evaluate
from skillcert.scoring.models import Attendance, Deduction, Outcome, Score
from skillcert.scoring.services import deduction_record, score_record
from skillcert.scoring.signals import candidate_certified
from tests.scoring.factories import CandidateFactory, make_level, scored, sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified_calls():
    calls = []

    def receiver(sender, candidate, level, outcome, **kwargs):
        calls.append((candidate.pk, level.pk, outcome.pk))

    candidate_certified.connect(receiver)
    yield calls
    candidate_certified.disconnect(receiver)


def test_68_and_72_certifies_once_and_signals_once(django_capture_on_commit_callbacks, certified_calls):
    level = make_level()
    session = sitting(level)
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        scored(candidate, session, {1: 68, 2: 72})
        outcome = certification_evaluate(candidate=candidate, level=level)
    assert outcome.certified and outcome.rule == "same_sitting" and outcome.path.name == "A"
    with django_capture_on_commit_callbacks(execute=True):
        again = certification_evaluate(candidate=candidate, level=level)
    assert again.pk == outcome.pk and Outcome.objects.count() == 1
    assert certified_calls == [(candidate.pk, level.pk, outcome.pk)]
    assert list(selectors.certified_levels(candidate=candidate)) == [level]


def test_58_and_82_is_not_certified_and_says_what_is_missing():
    level = make_level()
    candidate = CandidateFactory()
    scored(candidate, sitting(level), {1: 58, 2: 82})
    outcome = certification_evaluate(candidate=candidate, level=level)
    assert not outcome.certified
    assert outcome.missing == [["A", ["L11"]], ["B", ["L11", "L13"]]]


def test_scores_are_rounded_half_up_and_deductions_apply():
    level = make_level()
    candidate = CandidateFactory()
    scores = scored(candidate, sitting(level), {1: 0, 2: 0})
    row = scores[1].registration_subject
    assert score_record(registration_subject=row, attendance=Attendance.PRESENT, raw_score=Decimal("69.5")).score == 70
    assert score_record(registration_subject=row, attendance=Attendance.PRESENT, raw_score=Decimal("68.49")).score == 68
    deduction_record(score=scores[1], kind=Deduction.Kind.PHONE, points=5)
    assert Score.objects.get(pk=scores[1].pk).score == 63
    deduction_record(score=scores[1], kind=Deduction.Kind.COMMUNICATING)
    assert Score.objects.get(pk=scores[1].pk).score is None


def test_spe_beginner_via_subjects_1_and_3_across_sittings():
    level = make_level()
    first = sitting(level, nth=1, exam_date=dt.date(2026, 5, 23))
    second = sitting(level, nth=2, exam_date=dt.date(2026, 11, 14))
    candidate = CandidateFactory()
    scored(candidate, first, {1: 85, 2: 40})
    scored(candidate, second, {3: 71})
    outcome = session_evaluate(session=second)
    assert outcome.certified == 1
    stored = Outcome.objects.get(candidate=candidate)
    assert stored.path.name == "B" and stored.rule == "kept_passes" and stored.sitting_id == second.pk


def test_kept_subject_ids_boundary_dates_and_other_brochure_year():
    level_115 = make_level(roc_year=115)
    level_116 = make_level(roc_year=116)
    session = sitting(level_115, exam_date=dt.date(2026, 5, 23))
    candidate = CandidateFactory()
    scored(candidate, session, {1: 75, 2: 69})
    subject_1_of_116 = level_116.subjects.get(number=1).pk
    assert selectors.kept_subject_ids(candidate=candidate, level=level_116, on=dt.date(2029, 12, 31)) == {
        subject_1_of_116
    }
    assert selectors.kept_subject_ids(candidate=candidate, level=level_116, on=dt.date(2030, 1, 1)) == set()
    # Not before the scores are published.
    assert selectors.kept_subject_ids(candidate=candidate, level=level_115, on=session.exam_date) == set()


def test_certified_under_one_brochure_year_gets_no_second_certificate(
    certified_calls, django_capture_on_commit_callbacks
):
    level_115 = make_level(roc_year=115)
    level_116 = make_level(roc_year=116)
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        scored(candidate, sitting(level_115, exam_date=dt.date(2026, 5, 23)), {1: 80, 2: 80})
        certification_evaluate(candidate=candidate, level=level_115)
        scored(candidate, sitting(level_116, exam_date=dt.date(2027, 5, 22)), {1: 90, 3: 90})
        second = certification_evaluate(candidate=candidate, level=level_116)
    assert second.certified and second.already_certified
    assert len(certified_calls) == 1
    assert list(selectors.certified_levels(candidate=candidate)) == [level_115]
    assert selectors.is_certified_at(candidate=candidate, level=level_116)


def test_session_evaluate_batch(django_assert_max_num_queries):
    level = make_level()
    session = sitting(level)
    for n in range(30):
        scored(CandidateFactory(), session, {1: 60 + n, 2: 70})
    with django_assert_max_num_queries(15):
        summary = session_evaluate(session=session)
    assert summary.evaluated == 30
    # 60+70 … : average ≥ 70 from 70 on → n ≥ 10.
    assert summary.certified == 20
    assert Outcome.objects.filter(level=level, certified=True).count() == 20
    assert isinstance(Level.objects.get(pk=level.pk), Level)
    assert clock.today()  # the clock is real here


def test_certified_is_announced_only_from_publication_day(
    frozen_now, certified_calls, django_capture_on_commit_callbacks
):
    frozen_now(clock.at(dt.date(2026, 5, 30), 9))
    level = make_level()
    session = sitting(level, exam_date=dt.date(2026, 5, 23), published_in_days=20)  # 06/12
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        scored(candidate, session, {1: 90, 2: 90})
        session_evaluate(session=session)
    assert Outcome.objects.get(candidate=candidate).certified and certified_calls == []
    frozen_now(clock.at(dt.date(2026, 6, 11), 23, 59))
    assert outcomes_announce() == 0
    frozen_now(clock.at(dt.date(2026, 6, 12), 0, 0))
    assert outcomes_announce() == 1
    assert outcomes_announce() == 0
    assert [c for c, _l, _o in certified_calls] == [candidate.pk]


def test_fraud_voids_the_whole_sitting_and_withdraws_certification(django_capture_on_commit_callbacks):
    from skillcert.scoring.signals import certification_withdrawn

    level = make_level()
    session = sitting(level)
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        scores = scored(candidate, session, {1: 90, 2: 90})
        session_evaluate(session=session)
    assert Outcome.objects.get(candidate=candidate).announced_at is not None
    withdrawn = []
    certification_withdrawn.connect(receiver := lambda **kw: withdrawn.append(kw["candidate"].pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            deduction_record(score=scores[2], kind=Deduction.Kind.FRAUD, note="冒名頂替")
    finally:
        certification_withdrawn.disconnect(receiver)
    assert list(Score.objects.filter(candidate=candidate).values_list("score", "sanction")) == [
        (None, "disqualified"),
        (None, "disqualified"),
    ]
    assert not Outcome.objects.get(candidate=candidate).certified
    assert withdrawn == [candidate.pk]


def test_phone_deduction_must_be_5_to_20():
    from django.core.exceptions import ValidationError

    level = make_level()
    scores = scored(CandidateFactory(), sitting(level), {1: 90, 2: 90})
    with pytest.raises(ValidationError):
        deduction_record(score=scores[1], kind=Deduction.Kind.PHONE, points=25)
    with pytest.raises(ValidationError):
        deduction_record(score=scores[1], kind=Deduction.Kind.PHONE, points=4)
