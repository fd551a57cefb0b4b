"""Exam-room test data: a frozen form of a CBT period, a computer room opened by its proctor
with an enrolled workstation, and paid candidates seated there with admission numbers."""

import datetime as dt
from dataclasses import dataclass

from skillcert.cbt import delivery, proctoring, rules, testforms
from skillcert.cbt.models import Difficulty, RoomOpening, TestForm, Workstation
from skillcert.examday.admission import admission_number
from skillcert.examday.models import SeatAssignment
from tests.cbt.factories import bank, blueprint, reviewer, sitting_of, subject_with_topics
from tests.examday.factories import make_room, make_venue, paid
from tests.factories import StaffRole, staff_user

ITEMS = 5
START = dt.datetime(2027, 3, 20, 1, 0, tzinfo=dt.UTC)  # 09:00 Taipei
END = START + dt.timedelta(minutes=90)


@dataclass
class Room:
    form: TestForm
    opening: RoomOpening
    workstation: Workstation
    proctor: object
    period: object

    def candidate(self, *, extra_minutes=0, room=None, row=1):
        """A paid registration seated in this room (or `room`); returns (registration, national id)."""
        registration = paid(self.period.session, numbers=(self.period.subject.number,))
        registration.admission_number = admission_number(session_id=self.period.session_id, sequence=registration.pk)
        registration.save(update_fields=["admission_number"])
        SeatAssignment.objects.create(
            registration=registration,
            period=self.period,
            room=room or self.opening.room,
            row=row,
            column=SeatAssignment.objects.filter(period=self.period).count() + 1,
            extra_minutes=extra_minutes,
        )
        return registration

    def sign_in(self, registration, workstation=None):
        return delivery.attempt_sign_in(
            workstation=workstation or self.workstation,
            admission_number=registration.admission_number,
            national_id=registration.candidate.national_id,
        )


def exam_room(frozen_now, *, items=ITEMS, shuffle=True, start=START, end=END) -> Room:
    """Everything before the exam day; the clock is left one hour before the start."""
    frozen_now(start - dt.timedelta(days=2))
    subject = subject_with_topics()
    bank(subject, {("L12101", Difficulty.MEDIUM): items})
    period = sitting_of(subject, starts_at=start, ends_at=end)
    checker = reviewer()
    form = testforms.form_assemble(
        sitting=period, blueprint=blueprint(subject, {("L12101", Difficulty.MEDIUM): items}, shuffle=shuffle),
        seed=7, actor=checker,
    )  # fmt: skip
    testforms.form_freeze(form=form, actor=checker)
    proctor = staff_user(StaffRole.VENUE)
    room = make_room(make_venue(), rows=2, columns=10)
    opening = proctoring.room_opening(room=room, period=period, actor=proctor)
    workstation = proctoring.workstation_enrol(opening=opening, label="01", actor=proctor)
    frozen_now(start - dt.timedelta(hours=1))
    proctoring.room_open(opening=opening, actor=proctor)
    return Room(form=form, opening=opening, workstation=workstation, proctor=proctor, period=period)


def started(room: Room, frozen_now, *, extra_minutes=0, at=START):
    """A candidate signed in and started at `at`; returns the attempt."""
    attempt = room.sign_in(room.candidate(extra_minutes=extra_minutes))
    frozen_now(at)
    return delivery.attempt_start(attempt=attempt)


def canonical_letter(attempt, position: int, slot: str) -> str:
    form_item = attempt.form.items.get(position=position)
    order = testforms.option_order(form=attempt.form, registration_id=attempt.registration_id, form_item=form_item)
    return rules.displayed_to_canonical(order, slot)


def other_room_workstation(room: Room) -> Workstation:
    """An enrolled, opened workstation of another room of the same venue and period."""
    other = make_room(room.opening.room.venue, name="R-other", rows=1, columns=5)
    opening = proctoring.room_opening(room=other, period=room.period, actor=room.proctor)
    proctoring.room_open(opening=opening, actor=room.proctor)
    return proctoring.workstation_enrol(opening=opening, label="01", actor=room.proctor)
