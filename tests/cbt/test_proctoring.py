"""Proctoring: venue staff only; lock / unlock / pause / resume / add minutes / end, each
audited; pausing gives the paused time back; the console shows progress and connection."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.cbt import autosave, proctoring
from skillcert.cbt.delivery import DeliveryError
from skillcert.cbt.models import Attempt
from skillcert.core.audit import history
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
