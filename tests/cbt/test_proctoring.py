"""Proctoring: venue staff only; lock / unlock / pause / resume / add minutes / end, each
audited; pausing gives the paused time back; the console shows progress and connection; an
incident becomes the exam-day deduction through the roll call's one service."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skillcert.cbt import autosave, proctoring
from skillcert.cbt.delivery import DeliveryError
from skillcert.cbt.models import Attempt
from skillcert.core.audit import history
from skillcert.examday import rollcall
from skillcert.scoring.models import Deduction, Sanction, Score
from tests.cbt.delivery_factories import END, START, exam_room, started
from tests.factories import StaffRole, staff_user

pytestmark = pytest.mark.django_db
Status = Attempt.Status


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


@pytest.mark.parametrize("role", [None, StaffRole.ITEM_REVIEWER, StaffRole.FINANCE])
def test_only_venue_staff_act(room, frozen_now, role):
    attempt = started(room, frozen_now)
    outsider = staff_user(role) if role else staff_user()
    for action in (proctoring.attempt_lock, proctoring.attempt_pause, proctoring.attempt_end):
        with pytest.raises(PermissionDenied):
            action(attempt=attempt, actor=outsider)
    with pytest.raises(PermissionDenied):
        proctoring.workstation_enrol(opening=room.opening, label="09", actor=outsider)
    attempt.refresh_from_db()
    assert attempt.status == Status.IN_PROGRESS


def test_pause_gives_the_paused_time_back(room, frozen_now):
    attempt = started(room, frozen_now)
    frozen_now(START + dt.timedelta(minutes=10))
    proctoring.attempt_pause(attempt=attempt, actor=room.proctor, reason="鄰座身體不適")
    frozen_now(START + dt.timedelta(minutes=17))
    attempt = proctoring.attempt_resume(attempt=attempt, actor=room.proctor)
    assert attempt.status == Status.IN_PROGRESS
    assert attempt.ends_at == END + dt.timedelta(minutes=7)
    actions = [entry.to_state for entry in history(attempt)]
    assert Status.PAUSED in actions and Status.IN_PROGRESS in actions


def test_added_minutes_need_a_reason_and_are_audited(room, frozen_now):
    attempt = started(room, frozen_now)
    with pytest.raises(DeliveryError):
        proctoring.attempt_add_minutes(attempt=attempt, minutes=5, reason=" ", actor=room.proctor)
    with pytest.raises(DeliveryError):
        proctoring.attempt_add_minutes(attempt=attempt, minutes=0, reason="當機", actor=room.proctor)
    attempt = proctoring.attempt_add_minutes(attempt=attempt, minutes=5, reason="電腦當機", actor=room.proctor)
    assert attempt.ends_at == END + dt.timedelta(minutes=5)
    entry = next(e for e in history(attempt) if e.action == "cbt.minutes_added")
    assert entry.reason == "電腦當機" and entry.actor == room.proctor and entry.data == {"minutes": 5}


def test_lock_then_unlock_keeps_answers_and_end(room, frozen_now):
    attempt = started(room, frozen_now)
    autosave.answer_save(token=attempt.token, position=2, choice="C", flagged=True, seq=1)
    proctoring.attempt_lock(attempt=attempt, actor=room.proctor)
    attempt = proctoring.attempt_unlock(attempt=attempt, actor=room.proctor)
    assert attempt.status == Status.IN_PROGRESS and attempt.reentry_allowed and attempt.ends_at == END
    resumed = room.sign_in(attempt.registration)
    assert resumed.answers.get(position=2).flagged
    assert autosave.answer_save(token=resumed.token, position=2, choice="", flagged=False, seq=2).applied


def test_end_submits_at_once(room, frozen_now):
    attempt = started(room, frozen_now)
    frozen_now(START + dt.timedelta(minutes=5))
    attempt = proctoring.attempt_end(attempt=attempt, actor=room.proctor, reason="違規")
    assert attempt.status == Status.SUBMITTED and attempt.submitted_at == START + dt.timedelta(minutes=5)


def test_the_console_shows_progress_and_connection(room, frozen_now):
    busy, idle = started(room, frozen_now), started(room, frozen_now)
    autosave.answer_save(token=busy.token, position=1, choice="A", flagged=False, seq=1)
    autosave.answer_save(token=busy.token, position=2, choice="", flagged=True, seq=2)
    rows = {row.attempt.pk: row for row in proctoring.room_console(opening=room.opening, actor=room.proctor)}
    assert (rows[busy.pk].answered, rows[busy.pk].flagged, rows[busy.pk].online) == (1, 1, True)
    assert (rows[idle.pk].answered, rows[idle.pk].online) == (0, False)
    frozen_now(START + dt.timedelta(minutes=5))
    rows = {row.attempt.pk: row for row in proctoring.room_console(opening=room.opening, actor=room.proctor)}
    assert not rows[busy.pk].online


def test_a_console_incident_becomes_the_exam_day_deduction_and_is_audited(room, frozen_now):
    attempt = started(room, frozen_now)
    deduction = proctoring.attempt_incident(
        attempt=attempt, kind="phone", points=10, note="手機鈴響", actor=room.proctor
    )
    # the same record as the roll-call page writes: scoring's Deduction of that subject
    assert Deduction.objects.get() == deduction
    assert (deduction.kind, deduction.points, deduction.recorded_by) == ("phone", 10, room.proctor)
    score = Score.objects.get(registration_subject__registration=attempt.registration, subject=room.period.subject)
    assert score.deduction == 10
    roster = rollcall.room_roster(room=room.opening.room, period=room.period)
    assert [row.deductions for row in roster] == [["電子設備發出聲響（扣 5 至 20 分） −10"]]
    assert "examday.incident" in [e.action for e in history(attempt.registration)]
    entry = next(e for e in history(attempt) if e.action == "cbt.incident")
    assert entry.actor == room.proctor and entry.reason == "手機鈴響" and entry.data["kind"] == "phone"
    [row] = proctoring.room_console(opening=room.opening, actor=room.proctor)
    assert row.deductions == ("電子設備發出聲響（扣 5 至 20 分） −10",)


def test_communicating_or_fraud_from_the_console_void_as_on_the_roll_call(room, frozen_now):
    talker, cheat = started(room, frozen_now), started(room, frozen_now)
    proctoring.attempt_incident(attempt=talker, kind="communicating", actor=room.proctor)
    proctoring.attempt_incident(attempt=cheat, kind="fraud", actor=room.proctor)
    sanctions = dict(
        Score.objects.filter(subject=room.period.subject).values_list("registration_subject__registration", "sanction")
    )
    assert sanctions == {talker.registration_id: Sanction.NO_SCORE, cheat.registration_id: Sanction.DISQUALIFIED}


@pytest.mark.parametrize(("kind", "points"), [("phone", 30), ("phone", 0), ("asleep", 0)])
def test_a_bad_incident_is_refused_and_records_nothing(room, frozen_now, kind, points):
    attempt = started(room, frozen_now)
    with pytest.raises(ValidationError):
        proctoring.attempt_incident(attempt=attempt, kind=kind, points=points, actor=room.proctor)
    assert not Deduction.objects.exists()
    assert "cbt.incident" not in [e.action for e in history(attempt)]


def test_only_venue_staff_record_an_incident(room, frozen_now):
    attempt = started(room, frozen_now)
    with pytest.raises(PermissionDenied):
        proctoring.attempt_incident(attempt=attempt, kind="fraud", actor=staff_user(StaffRole.ITEM_REVIEWER))
    assert not Deduction.objects.exists()
