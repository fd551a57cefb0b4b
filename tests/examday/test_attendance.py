"""Attendance is one rule everywhere (issue 10): a candidate the roll call marks absent or refused
entry is 缺考 whatever a score file, a responses file or their CBT answers say; the conflict is
reported (import row report, audit, the scoring page of the sitting); a roll-call mark made or
corrected after the score follows the same rule."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.cbt import autosave, delivery
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.examday import rollcall
from skillcert.examday.attendance import attendance_conflicts, attendance_ruled
from skillcert.scoring import imports
from skillcert.scoring.models import Attendance, Response, Score
from tests.cbt.delivery_factories import START, canonical_letter, exam_room, started
from tests.factories import StaffRole, staff_user

pytestmark = pytest.mark.django_db

SUBMIT = START + dt.timedelta(minutes=31)


@pytest.fixture(autouse=True)
def _autosave_caches():
    """Autosave keeps per-process caches by primary key; a rolled-back test reuses keys."""
    autosave.caches_clear()
    yield
    autosave.caches_clear()


@pytest.mark.parametrize(
    ("claimed", "roll_call", "expected"),
    [
        ("present", None, ("present", False)),
        ("present", "present", ("present", False)),
        ("present", "absent", ("absent", True)),
        ("present", "refused", ("absent", True)),
        ("absent", "present", ("absent", False)),
        ("absent", "absent", ("absent", False)),
    ],
)
def test_the_rule_absent_or_refused_means_absent_whatever_the_source_says(claimed, roll_call, expected):
    ruling = attendance_ruled(claimed=claimed, roll_call=roll_call)
    assert (ruling.attendance, ruling.overruled) == expected


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


def mark(room, registration, status):
    return rollcall.roll_call_mark(
        room=room.opening.room, period=room.period, admission_number=registration.admission_number, status=status,
        actor=room.proctor,
    )  # fmt: skip


def answer_all_correctly(attempt):
    letters = "ABCDEF"
    key = dict(attempt.form.items.values_list("position", "version__correct"))
    for seq, position in enumerate(sorted(key), start=1):
        slot = next(s for s in "ABCD" if canonical_letter(attempt, position, s) == letters[key[position]])
        autosave.answer_save(token=attempt.token, position=position, choice=slot, flagged=False, seq=seq)


def full_marks(attempt) -> int:
    return int(sum(attempt.form.items.values_list("points", flat=True)))


def score_of(attempt) -> Score:
    return Score.objects.get(registration_subject__registration=attempt.registration)


def test_cbt_answers_of_a_candidate_marked_absent_are_kept_but_scored_absent(room, frozen_now, client):
    attempt = started(room, frozen_now)
    mark(room, attempt.registration, "absent")  # a proctor's mistake, or someone else at the seat
    answer_all_correctly(attempt)
    frozen_now(SUBMIT)
    delivery.attempt_submit(attempt=attempt)

    score = score_of(attempt)
    assert score.attendance == Attendance.ABSENT and score.score is None and score.raw_score is None
    assert Response.objects.filter(score=score).count() == room.form.items.count()  # the answers are kept
    conflict = next(e for e in history(score) if e.action == "scoring.attendance_conflict")
    assert conflict.data == {"source": "cbt", "roll_call": "absent"}
    [listed] = attendance_conflicts(session=room.period.session)
    assert listed.admission_number == attempt.registration.admission_number and listed.roll_call == "缺考"

    client.force_login(staff_user(StaffRole.REVIEWER))
    page = client.get(reverse("backoffice_tools:scoring_session", args=[room.period.session_id])).content.decode()
    assert "點名與作答紀錄不符" in page and attempt.registration.admission_number in page


def test_a_roll_call_made_after_submission_voids_the_score_and_a_correction_restores_it(room, frozen_now):
    attempt = started(room, frozen_now)
    answer_all_correctly(attempt)
    frozen_now(SUBMIT)
    delivery.attempt_submit(attempt=attempt)
    graded = score_of(attempt)
    assert graded.attendance == Attendance.PRESENT and graded.score == full_marks(attempt)

    mark(room, attempt.registration, "refused")
    voided = score_of(attempt)
    assert voided.attendance == Attendance.ABSENT and voided.score is None
    assert len(attendance_conflicts(session=room.period.session)) == 1

    mark(room, attempt.registration, "present")  # the proctor corrects the mark
    restored = score_of(attempt)
    assert restored.attendance == Attendance.PRESENT and restored.score == graded.score
    assert attendance_conflicts(session=room.period.session) == []
    assert [e.data["to"] for e in history(restored) if e.action == "score.changed"] == [None, graded.score]


def test_a_candidate_present_at_roll_call_is_graded_and_no_conflict_is_reported(room, frozen_now):
    attempt = started(room, frozen_now)
    mark(room, attempt.registration, "present")
    answer_all_correctly(attempt)
    frozen_now(SUBMIT)
    delivery.attempt_submit(attempt=attempt)
    score = score_of(attempt)
    assert score.attendance == Attendance.PRESENT and score.score == full_marks(attempt)
    assert attendance_conflicts(session=room.period.session) == []
    assert "scoring.attendance_conflict" not in [e.action for e in history(score)]


def test_a_responses_file_follows_the_roll_call_and_says_so_in_its_report(room, frozen_now):
    absent, present = room.candidate(), room.candidate()
    frozen_now(START + dt.timedelta(minutes=25))
    mark(room, absent, "refused")
    mark(room, present, "present")
    frozen_now(clock.at(room.period.session.exam_date, 18))  # the file comes after the exam day
    header = ",".join(["考試通知碼", *(str(n) for n in range(1, room.form.items.count() + 1))])
    text = f"{header}\n{absent.admission_number},A,B\n{present.admission_number},A,B\n"
    record = imports.responses_import(
        session=room.period.session, subject=room.period.subject,
        uploaded_file=SimpleUploadedFile("r.csv", text.encode()),
    )  # fmt: skip
    first, second = record.report
    assert first["ok"] and "試場點名" in first["message"] and "缺考" in first["message"]
    assert second["ok"] and "試場點名" not in second["message"]
    assert Score.objects.get(registration_subject__registration=absent).attendance == Attendance.ABSENT
    assert Score.objects.get(registration_subject__registration=present).attendance == Attendance.PRESENT
    assert [c.registration_id for c in attendance_conflicts(session=room.period.session)] == [absent.pk]
