"""The proctor's side of the exam room (issue 11): open the room for one period, enrol its
workstations, and act on one candidate — lock, unlock (resume on any enrolled workstation),
pause and resume (the paused time is given back), add minutes with a reason, end, and record
an incident (it becomes the exam-day deduction through `examday.rollcall.incident_record`, the
same service as the roll-call page). Venue staff (StaffRole.VENUE) only; every action is audited."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.examday import rollcall
from skillcert.examrecords.models import RollCallStatus

from . import access
from .delivery import DeliveryError, attempt_submit, attempts_submit_due
from .models import Attempt, RoomOpening, Workstation

Status = Attempt.Status
PROCTORS = (StaffRole.VENUE,)
MAX_ADDED_MINUTES = 120


def require_proctor(actor) -> None:
    access.require(actor, PROCTORS, _("只有考場／監試人員可以操作試場。"))


def room_opening(*, room, period, actor) -> RoomOpening:
    require_proctor(actor)
    opening, _created = RoomOpening.objects.get_or_create(room=room, period=period)
    return opening


def room_open(*, opening: RoomOpening, actor) -> RoomOpening:
    """開放登入: candidates may sign in from now on."""
    require_proctor(actor)
    with transaction.atomic():
        opening = RoomOpening.objects.select_for_update().get(pk=opening.pk)
        if opening.opened_at is None:
            opening.opened_at, opening.opened_by = clock.now(), actor
            opening.save(update_fields=["opened_at", "opened_by"])
            log_action(opening, "cbt.room_opened", actor=actor)
    return opening


def workstation_enrol(*, opening: RoomOpening, label: str, actor) -> Workstation:
    """登錄考試電腦: the proctor enrols the computer in front of them for this room (enrolling a
    label again re-enables it)."""
    require_proctor(actor)
    label = (label or "").strip()[:20]
    if not label:
        raise DeliveryError(_("請輸入電腦編號。"), code="invalid")
    with transaction.atomic():
        station, _created = Workstation.objects.update_or_create(
            opening=opening,
            label=label,
            defaults={"enrolled_by": actor, "enrolled_at": clock.now(), "revoked": False},
        )
        log_action(station, "cbt.workstation_enrolled", actor=actor, data={"opening": opening.pk})
    return station


def _locked(attempt: Attempt) -> Attempt:
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.status == Status.SUBMITTED:
        raise DeliveryError(_("考生已交卷。"), code="submitted")
    return attempt


def _move(attempt, to_state, *, actor, reason="", extra=(), data=None):
    if attempt.status == to_state:
        raise DeliveryError(_("考生目前已是此狀態。"), code="state")
    if to_state not in Attempt.TRANSITIONS[attempt.status]:
        raise DeliveryError(_("目前狀態不能執行此操作。"), code="state")
    transition(attempt, to_state, actor=actor, reason=reason, extra_fields=extra, data=data)


def attempt_lock(*, attempt: Attempt, actor, reason: str = "") -> Attempt:
    """鎖定: saves are refused until the proctor unlocks."""
    require_proctor(actor)
    with transaction.atomic():
        attempt = _locked(attempt)
        _move(attempt, Status.LOCKED, actor=actor, reason=reason)
    return attempt


def attempt_unlock(*, attempt: Attempt, actor, reason: str = "") -> Attempt:
    """解鎖: the candidate may sign in again on any enrolled workstation of the room and goes on
    with every answer and the time they had left (their end does not move)."""
    require_proctor(actor)
    with transaction.atomic():
        attempt = _locked(attempt)
        back = Status.IN_PROGRESS if attempt.started_at else Status.NOT_STARTED
        if attempt.status == Status.LOCKED:
            _move(attempt, back, actor=actor, reason=reason)
        attempt.reentry_allowed = True
        attempt.save(update_fields=["reentry_allowed"])
        log_action(attempt, "cbt.reentry_allowed", actor=actor, reason=reason)
    return attempt


def attempt_pause(*, attempt: Attempt, actor, reason: str = "") -> Attempt:
    require_proctor(actor)
    with transaction.atomic():
        attempt = _locked(attempt)
        attempt.paused_at = clock.now()
        _move(attempt, Status.PAUSED, actor=actor, reason=reason, extra=("paused_at",))
    return attempt


def attempt_resume(*, attempt: Attempt, actor, reason: str = "") -> Attempt:
    """Resume a paused candidate; the minutes paused are added to their end."""
    require_proctor(actor)
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status != Status.PAUSED:
            raise DeliveryError(_("考生並未暫停。"), code="state")
        paused = clock.now() - attempt.paused_at
        attempt.ends_at, attempt.paused_at = attempt.ends_at + paused, None
        _move(
            attempt,
            Status.IN_PROGRESS,
            actor=actor,
            reason=reason,
            extra=("ends_at", "paused_at"),
            data={"paused_seconds": int(paused.total_seconds())},
        )
    return attempt


def attempt_add_minutes(*, attempt: Attempt, minutes: int, reason: str, actor) -> Attempt:
    """加時 with a reason (e.g. a workstation failure), 1–120 minutes."""
    require_proctor(actor)
    if not (reason or "").strip():
        raise DeliveryError(_("加時須填寫原因。"), code="invalid")
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_ADDED_MINUTES:
        raise DeliveryError(_("加時須為 1 至 %(max)s 分鐘。") % {"max": MAX_ADDED_MINUTES}, code="invalid")
    with transaction.atomic():
        attempt = _locked(attempt)
        attempt.added_minutes += minutes
        attempt.ends_at += dt.timedelta(minutes=minutes)
        attempt.save(update_fields=["added_minutes", "ends_at"])
        log_action(attempt, "cbt.minutes_added", actor=actor, reason=reason, data={"minutes": minutes})
    return attempt


def attempt_end(*, attempt: Attempt, actor, reason: str = "") -> Attempt:
    """結束作答 by the proctor: submitted as it stands, whatever the time."""
    require_proctor(actor)
    return attempt_submit(attempt=attempt, actor=actor, reason=reason)


def attempt_incident(*, attempt: Attempt, kind: str, points: int = 0, note: str = "", actor):
    """違規事項 seen in the computer room: written into the exam-day deductions of that subject
    by `examday.rollcall.incident_record` (phone −5…−20, communicating → no score, fraud →
    disqualified), audited there and on the attempt. Also after submission (a breach seen at
    the end still counts); the candidate must be seated in this room for this period."""
    require_proctor(actor)
    with transaction.atomic():
        attempt = Attempt.objects.select_related("opening__room", "opening__period__subject", "registration").get(
            pk=attempt.pk
        )
        deduction = rollcall.incident_record(
            room=attempt.opening.room, period=attempt.opening.period,
            admission_number=attempt.registration.admission_number or "", kind=kind, points=points, note=note,
            actor=actor,
        )  # fmt: skip
        log_action(
            attempt, "cbt.incident", actor=actor, reason=note,
            data={"kind": kind, "points": deduction.points, "deduction": deduction.pk},
        )  # fmt: skip
    return deduction


@dataclass(frozen=True)
class ConsoleRow:
    attempt: Attempt
    answered: int
    flagged: int
    last_saved_at: dt.datetime | None
    online: bool
    roll_call: str = ""  # the label of the roll-call mark, '' while not marked
    deductions: tuple[str, ...] = ()


ONLINE_WITHIN = dt.timedelta(minutes=2)


def room_console(*, opening: RoomOpening, actor) -> list[ConsoleRow]:
    """Who is in, started, progress and connection state (last save), by seat order. Attempts
    past their end are submitted first (the server's end)."""
    require_proctor(actor)
    attempts_submit_due()
    now = clock.now()
    rows = (
        Attempt.objects.filter(opening=opening)
        .select_related("registration__candidate", "workstation")
        .annotate(
            answered=Count("answers", filter=~Q(answers__choice="")),
            flagged_count=Count("answers", filter=Q(answers__flagged=True)),
            last_saved=Max("answers__changed_at"),
        )
        .order_by("registration__admission_number")
    )
    rows = list(rows)
    marks, breaches = rollcall.period_records(
        period=opening.period, registration_ids=[row.registration_id for row in rows]
    )
    labels = dict(RollCallStatus.choices)
    return [
        ConsoleRow(
            attempt=row,
            answered=row.answered,
            flagged=row.flagged_count,
            last_saved_at=row.last_saved,
            online=row.last_saved is not None and now - row.last_saved <= ONLINE_WITHIN,
            roll_call=str(labels.get(marks.get(row.registration_id), "")),
            deductions=tuple(breaches.get(row.registration_id, ())),
        )
        for row in rows
    ]
