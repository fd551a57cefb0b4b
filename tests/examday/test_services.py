import datetime as dt

import pytest

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import SessionSubject
from skillcert.core import clock
from skillcert.core.models import AuditEntry
from skillcert.examday import admission
from skillcert.examday.errors import ExamdayError
from skillcert.examday.models import RoomKind, SeatAssignment
from skillcert.examday.selectors import needs_honoured, registration_seats, registrations_by_admission_number
from skillcert.examday.services import session_allocate_seats
from skillcert.groups.models import RequestStatus, VenueRequest
from skillcert.registrations.models import Registration, RegistrationStatus, SeatChoice
from tests.factories import make_session, staff_user
from tests.groups.factories import make_sitting

from .factories import closed_sitting, make_batch, make_room, make_venue, paid

pytestmark = pytest.mark.django_db


def _seats(session):
    return {
        (s.registration_id, s.period_id): (s.room_id, s.row, s.column)
        for s in SeatAssignment.objects.filter(period__session=session)
    }


def test_every_paid_candidate_gets_a_seat_for_each_subject_and_an_admission_number():
    session = closed_sitting(subjects=("written", "written"))
    room = make_room(make_venue(), rows=2, columns=3)
    registrations = [paid(session) for _ in range(4)] + [paid(session, numbers=(1,))]
    unpaid = paid(session)
    Registration.objects.filter(pk=unpaid.pk).update(status=RegistrationStatus.AWAITING_PAYMENT)
    officer = staff_user(StaffRole.ITEM_OFFICER)

    run = session_allocate_seats(session=session, by=officer)

    assert run.completed and run.seated == 5 and run.moved == 5
    assert SeatAssignment.objects.filter(period__session=session).count() == 4 * 2 + 1
    assert set(SeatAssignment.objects.values_list("room_id", flat=True)) == {room.pk}
    numbers = list(Registration.objects.filter(session=session).exclude(admission_number=None).values_list(
        "admission_number", flat=True))  # fmt: skip
    assert len(numbers) == len(set(numbers)) == 5 and all(admission.is_valid(n) for n in numbers)
    assert Registration.objects.get(pk=unpaid.pk).admission_number is None
    first = registrations[0]
    one, two = registration_seats(registration=first)
    assert (one.period.subject.number, two.period.subject.number) == (1, 2)
    assert (one.room_id, one.row, one.column) == (two.room_id, two.row, two.column)  # one seat for the day
    assert AuditEntry.objects.filter(action="examday.allocate", actor=officer).exists()


def test_admission_numbers_are_stable_and_rerun_moves_only_who_changed():
    session = closed_sitting(subjects=("written",), regions=("台北", "高雄"))
    make_room(make_venue("台北"), rows=3, columns=3)
    make_room(make_venue("高雄"), rows=3, columns=3)
    registrations = [paid(session, numbers=(1,)) for _ in range(6)]
    session_allocate_seats(session=session)
    before, numbers = _seats(session), dict(Registration.objects.values_list("pk", "admission_number"))
    mover = registrations[2]
    Registration.objects.filter(pk=mover.pk).update(region=make_venue("高雄").region)
    late = paid(session, numbers=(1,))

    run = session_allocate_seats(session=session)

    after = _seats(session)
    assert run.moved == 2 and run.kept == 5
    for key, seat in before.items():
        if key[0] != mover.pk:
            assert after[key] == seat
    new_numbers = dict(Registration.objects.values_list("pk", "admission_number"))
    assert all(new_numbers[pk] == number for pk, number in numbers.items())
    assert admission.sequence_of(new_numbers[late.pk]) == 7


def test_approved_needs_are_honoured_and_a3_marked_for_the_printers():
    session = closed_sitting(subjects=("written", "written"))
    venue = make_venue()
    make_room(venue, rows=3, columns=4, floor=3)
    make_room(venue, rows=3, columns=4, accessible=True)
    make_room(venue, rows=2, columns=2, extended_time=True, floor=2)
    for _ in range(10):
        paid(session)
    extra = paid(session, needs={"approved_minutes": 20})
    ground = paid(session, needs={"ground_floor_approved": True, "enlarged_paper_approved": True})
    wheel = paid(session, needs={"seat": SeatChoice.LAST_ROW_WHEELCHAIR, "seat_approved": True})

    assert session_allocate_seats(session=session).completed

    assert needs_honoured(session=session) == (3, 3)
    assert {s.room.extended_time for s in SeatAssignment.objects.filter(registration=extra)} == {True}
    assert {s.extra_minutes for s in SeatAssignment.objects.filter(registration=extra)} == {20}
    assert all(s.room.accessible and s.enlarged_paper for s in SeatAssignment.objects.filter(registration=ground))
    seat = SeatAssignment.objects.filter(registration=wheel).first()
    assert seat.room.accessible and seat.row == seat.room.rows and seat.column in (1, seat.room.columns)


def test_a_shortfall_is_reported_by_region_and_need_and_nothing_is_assigned():
    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=1, columns=2)
    for _ in range(2):
        paid(session, numbers=(1,))
    paid(session, numbers=(1,), needs={"approved_minutes": 10})
    paid(session, numbers=(1,))

    run = session_allocate_seats(session=session)

    assert not run.completed
    assert {(row["region"], row["need"], row["count"]) for row in run.report["shortfall"]} == {
        ("台北", "extra_time", 1),
        ("台北", "none", 1),
    }
    assert not SeatAssignment.objects.exists()
    assert not Registration.objects.exclude(admission_number=None).exists()


def test_allocation_before_registration_closes_is_refused_with_the_deadline():
    session = make_session()
    with pytest.raises(ExamdayError) as refused:
        session_allocate_seats(session=session)
    assert "報名尚未截止" in refused.value.messages[0]
    assert not SeatAssignment.objects.exists()


def test_a_group_with_an_approved_dedicated_venue_sits_there_and_nobody_else_does():
    from skillcert.examday.models import DedicatedVenue

    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=3, columns=4)
    school = make_venue(name="示範大學電腦教室")
    make_room(school, rows=3, columns=4)
    group = make_sitting(session=session)
    request = VenueRequest.objects.create(
        group_sitting=group, kind="written", candidates=120, room="本校電腦教室", status=RequestStatus.APPROVED
    )
    DedicatedVenue.objects.create(venue_request=request, venue=school)
    members = [paid(session, numbers=(1,), group_sitting=group) for _ in range(4)]
    others = [paid(session, numbers=(1,)) for _ in range(4)]

    session_allocate_seats(session=session)

    assert {s.room.venue_id for s in SeatAssignment.objects.filter(registration__in=members)} == {school.pk}
    assert school.pk not in {s.room.venue_id for s in SeatAssignment.objects.filter(registration__in=others)}


def test_practical_candidates_get_a_batch_and_are_not_seated_below_the_turnout():
    session = closed_sitting(subjects=("written", "practical"))
    make_room(make_venue(), rows=5, columns=10)
    lab = make_venue(name="國立臺北科技大學")
    make_batch(session, lab, number=1, capacity=30)
    make_batch(session, lab, number=2, capacity=30)
    practical = SessionSubject.objects.get(session=session, subject__number=2)
    few = [paid(session, numbers=(1, 2), practical_venue=lab) for _ in range(39)]
    run = session_allocate_seats(session=session)
    assert run.completed and not run.report["practical_held"]
    assert not SeatAssignment.objects.filter(period=practical).exists()
    few.append(paid(session, numbers=(1, 2), practical_venue=lab))

    run = session_allocate_seats(session=session)

    assert run.report["practical_held"]
    batches = SeatAssignment.objects.filter(period=practical).values_list("batch__number", flat=True)
    assert sorted(batches) == [1] * 30 + [2] * 10


def test_cancelled_registrations_lose_their_seat_on_the_rerun():
    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=2, columns=2)
    keep, leave = paid(session, numbers=(1,)), paid(session, numbers=(1,))
    session_allocate_seats(session=session)
    Registration.objects.filter(pk=leave.pk).update(status=RegistrationStatus.CANCELLED)
    run = session_allocate_seats(session=session)
    assert run.moved == 1 and run.kept == 1
    assert set(SeatAssignment.objects.values_list("registration_id", flat=True)) == {keep.pk}
    assert Registration.objects.get(pk=leave.pk).admission_number  # issued numbers stay


def test_a_venue_without_rooms_is_reported_not_used():
    session = closed_sitting(subjects=("written",))
    make_venue(name="空考場")
    make_room(make_venue(), rows=2, columns=2)
    paid(session, numbers=(1,))
    run = session_allocate_seats(session=session)
    assert any("空考場" in name for name in run.report["venues_without_rooms"])


def test_admission_numbers_map_back_to_registrations():
    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=2, columns=2)
    registration = paid(session, numbers=(1,))
    session_allocate_seats(session=session)
    number = Registration.objects.get(pk=registration.pk).admission_number
    typed = admission.printed(number).lower()
    assert registrations_by_admission_number(numbers=[typed, "00000000000"])[number].pk == registration.pk


def test_allocation_after_the_exam_is_refused(frozen_now):
    session = closed_sitting(subjects=("written",))
    frozen_now(clock.at(session.exam_date + dt.timedelta(days=1), 9))
    with pytest.raises(ExamdayError):
        session_allocate_seats(session=session)


def test_room_kind_follows_the_subject_format():
    session = closed_sitting(subjects=("written", "written"))
    session.level.subjects.filter(number=2).update(format="drawing")
    make_room(make_venue(), rows=2, columns=2)
    paper = make_room(make_venue(), rows=2, columns=2, kind=RoomKind.PAPER)
    registration = paid(session)
    session_allocate_seats(session=session)
    drawing = SeatAssignment.objects.get(registration=registration, period__subject__number=2)
    assert drawing.room_id == paper.pk
