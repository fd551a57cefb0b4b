"""Roll call 點名 on exam day (§3.4 2. 試場規則): the proctor of a room marks each seated candidate
of a subject period present, absent or refused entry (arrived more than 20 minutes after the
start), and records breaches on the spot into scoring's deductions (phone −5…−20 on that
subject; communicating → that subject no score; fraud → disqualified). Only candidates seated
in that room for that period can be marked; every action is audited."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.examrecords.models import RollCall, RollCallStatus
from skillcert.scoring import services as scoring
from skillcert.scoring.models import Deduction, Score

from .models import Room, SeatAssignment
from .rules import LATE_ENTRY_MINUTES


@dataclass(frozen=True)
class RosterRow:
    seat: SeatAssignment
    status: str  # '' while not marked
    deductions: list[str]


def room_roster(*, room: Room, period) -> list[RosterRow]:
    """The room's candidates for one subject period in seat order, with their marks so far."""
    seats = list(
        SeatAssignment.objects.filter(room=room, period=period)
        .select_related("registration__candidate")
        .order_by("row", "column")
    )
    marks, breaches = period_records(period=period, registration_ids=[seat.registration_id for seat in seats])
    return [
        RosterRow(seat, marks.get(seat.registration_id, ""), breaches.get(seat.registration_id, [])) for seat in seats
    ]


def period_records(*, period, registration_ids) -> tuple[dict[int, str], dict[int, list[str]]]:
    """({registration id: roll-call status}, {registration id: ["電子設備發出聲響 −10", …]}) of
    these candidates for one subject period: what the roll-call page and the room console show."""
    marks = dict(
        RollCall.objects.filter(period=period, registration_id__in=registration_ids).values_list(
            "registration_id", "status"
        )
    )
    breaches: dict[int, list[str]] = {}
    deductions = Deduction.objects.filter(
        score__registration_subject__registration_id__in=registration_ids, score__subject=period.subject_id
    ).values_list("score__registration_subject__registration_id", "kind", "points")
    labels = dict(Deduction.Kind.choices)
    for registration_id, kind, points in deductions:
        text = f"{labels[kind]} −{points}" if kind == Deduction.Kind.PHONE else str(labels[kind])
        breaches.setdefault(registration_id, []).append(text)
    return marks, breaches


def _seat_in_room(*, room: Room, period, admission_number: str) -> SeatAssignment:
    seat = (
        SeatAssignment.objects.filter(room=room, period=period, registration__admission_number=admission_number)
        .select_related("registration")
        .first()
    )
    if seat is None:
        raise ValidationError(
            _("考試通知碼 %(number)s 的考生不在 %(room)s 本節（%(subject)s）的名單上，不能在此點名或記錄。")
            % {"number": admission_number or "—", "room": room.name, "subject": period.subject.name}
        )
    return seat


def late_entry_closes_at(period) -> dt.datetime | None:
    """The moment after which a latecomer is refused entry (start + 20 minutes)."""
    if period.starts_at is None:
        return None
    return period.starts_at + dt.timedelta(minutes=LATE_ENTRY_MINUTES)


def roll_call_mark(*, room: Room, period, admission_number: str, status: str, actor=None) -> RollCall:
    """Mark one candidate of this room and period. Refused entry only once the 20 minutes of
    late entry are over (before that the candidate may still come in)."""
    if status not in RollCallStatus.values:
        raise ValidationError(_("點名結果不正確。"))
    seat = _seat_in_room(room=room, period=period, admission_number=admission_number)
    closes_at = late_entry_closes_at(period)
    if status == RollCallStatus.REFUSED and closes_at is not None and clock.now() <= closes_at:
        raise ValidationError(
            _("考試開始後 %(late)s 分鐘內（%(time)s 前）仍可入場，不能標示為逾時拒絕入場。")
            % {"late": LATE_ENTRY_MINUTES, "time": f"{clock.local(closes_at):%H:%M}"}
        )
    with transaction.atomic():
        mark = RollCall.objects.select_for_update().filter(registration=seat.registration, period=period).first()
        before = mark.status if mark else ""
        if mark is None:
            mark = RollCall(registration=seat.registration, period=period)
        mark.room, mark.status, mark.marked_at = room, status, clock.now()
        mark.marked_by = actor if getattr(actor, "is_authenticated", False) else None
        mark.save()
        log_action(
            mark, "examday.roll_call", actor=actor, from_state=before, to_state=status,
            data={"room": room.pk, "period": period.pk, "admission_number": admission_number},
        )  # fmt: skip
        registered = seat.registration.subjects.filter(subject=period.subject_id, dropped=False).first()
        if registered is not None and before != status:  # a score already recorded follows the mark
            scoring.score_roll_call_apply(registration_subject=registered, actor=actor)
    return mark


def incident_points(text) -> int:
    """The points typed on a proctor's incident form (blank: 0; only a phone costs points)."""
    try:
        return int(text or 0)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("扣分請填 5 至 20 的整數。")) from error


def incident_record(
    *, room: Room, period, admission_number: str, kind: str, points: int = 0, note: str = "", actor=None
) -> Deduction:
    """A breach seen in the room, written into scoring's deductions for that subject (scoring
    applies it: phone −5…−20, communicating voids the subject, fraud disqualifies). The one
    service for incidents: the roll-call page and the CBT room console
    (`cbt.proctoring.attempt_incident`) both record through it."""
    if kind not in Deduction.Kind.values:
        raise ValidationError(_("違規事項不正確。"))
    seat = _seat_in_room(room=room, period=period, admission_number=admission_number)
    registered = seat.registration.subjects.filter(subject=period.subject_id, dropped=False).first()
    if registered is None:
        raise ValidationError(_("此考生未報考本節考科。"))
    with transaction.atomic():
        score: Score = scoring.score_for(registered)
        deduction = scoring.deduction_record(score=score, kind=kind, points=points, note=note, actor=actor)
        log_action(
            seat.registration, "examday.incident", actor=actor, reason=note,
            data={"room": room.pk, "period": period.pk, "kind": kind, "points": deduction.points},
        )  # fmt: skip
    return deduction
