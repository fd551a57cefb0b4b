"""API v1, exam day (staff): venues with their rooms, a sitting's seat allocation and its runs
(with the shortfall of a refused run), a registration's admission number and seats, and the
proctors' roll call. Reads through `examday.selectors` / `examday.attendance`; lists are
cursor-paginated like the others (one query each, two with a prefetch, whatever the page size)."""

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Schema

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import ExamSession
from skillcert.examday import admission, attendance, selectors
from skillcert.examrecords.models import RollCallStatus
from skillcert.registrations.models import Registration

from .v1 import KEY, REFUSALS, Id, Limit, api, page_of, staff
from .v1_more import one

R = StaffRole
# As the back office's exam-day tools (backoffice/examday.py): the item officer and venue staff.
EXAM_OFFICERS = (R.ITEM_OFFICER, R.VENUE)
# The roll call is venue staff's (they mark it); scoring's reviewers read what it says of attendance.
ROLL_CALL_READERS = (R.VENUE, R.REVIEWER)
TAGS = ["exam day"]


class RoomOut(Schema):
    id: int
    name: str
    kind: str
    floor: int
    rows: int
    columns: int
    capacity: int
    accessible: bool
    extended_time: bool
    is_active: bool


class VenueOut(Schema):
    id: int
    name: str
    region: int
    region_name: str
    address: str
    has_lift: bool
    rooms: list[RoomOut]


class VenuePage(Schema):
    items: list[VenueOut]
    next_cursor: int | None


class SeatOut(Schema):
    id: int
    registration: int
    admission_number: str | None
    period: int
    subject: str
    starts_at: dt.datetime | None
    venue: int
    room: int | None
    batch: int | None
    row: int
    column: int
    seat: str
    extra_minutes: int
    enlarged_paper: bool


class SeatPage(Schema):
    items: list[SeatOut]
    next_cursor: int | None


class RegistrationSeatsOut(Schema):
    registration: int
    sitting: int
    status: str
    admission_number: str | None
    admission_number_printed: str | None
    seats: list[SeatOut]


class RollCallOut(Schema):
    id: int
    registration: int
    admission_number: str | None
    period: int
    subject: str
    room: int
    status: str
    marked_at: dt.datetime


class RollCallPage(Schema):
    items: list[RollCallOut]
    next_cursor: int | None


class ShortfallOut(Schema):
    region: str
    need: str
    count: int


class AllocationRunOut(Schema):
    id: int
    sitting: int
    ran_at: dt.datetime
    run_by: str
    completed: bool
    seated: int
    moved: int
    kept: int
    candidates: int
    admission_numbers_issued: int
    shortfall: list[ShortfallOut]
    venues_without_rooms: list[str]


class AllocationRunPage(Schema):
    items: list[AllocationRunOut]
    next_cursor: int | None


def _venue(venue) -> dict:
    return {"id": venue.pk, "name": venue.name, "region": venue.region_id, "region_name": venue.region.name,
            "address": venue.address, "has_lift": venue.has_lift, "rooms": list(venue.rooms.all())}  # fmt: skip


def _seat(seat) -> dict:
    place = seat.room or seat.batch
    return {"id": seat.pk, "registration": seat.registration_id, "admission_number": seat.registration.admission_number,
            "period": seat.period_id, "subject": seat.period.subject.name, "starts_at": seat.period.starts_at,
            "venue": place.venue_id, "room": seat.room_id, "batch": seat.batch_id, "row": seat.row,
            "column": seat.column, "seat": seat.seat_label, "extra_minutes": seat.extra_minutes,
            "enlarged_paper": seat.enlarged_paper}  # fmt: skip


def _run(run) -> dict:
    report = run.report or {}
    return {"id": run.pk, "sitting": run.session_id, "ran_at": run.ran_at,
            "run_by": run.run_by.get_username() if run.run_by else "", "completed": run.completed,
            "seated": run.seated, "moved": run.moved, "kept": run.kept, "candidates": report.get("candidates", 0),
            "admission_numbers_issued": report.get("admission_numbers_issued", 0),
            "shortfall": report.get("shortfall", []),
            "venues_without_rooms": report.get("venues_without_rooms", [])}  # fmt: skip


def sitting_exists(session_id: int) -> None:
    if not ExamSession.objects.filter(pk=session_id).exists():
        raise Http404


@api.get("/examday/venues", response={200: VenuePage, **REFUSALS}, auth=KEY, tags=TAGS)
def venues(request, region: Id | None = None, cursor: Id | None = None, limit: Limit = 50):
    """Venues with their rooms (exam officers: item officer, venue staff)."""
    staff(request, EXAM_OFFICERS)
    rows = selectors.venues_with_rooms()
    if region is not None:
        rows = rows.filter(region_id=region)
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": [_venue(v) for v in found], "next_cursor": next_cursor}


@api.get("/examday/venues/{venue_id}", response={200: VenueOut, **REFUSALS}, auth=KEY, tags=TAGS)
def venue(request, venue_id: Id):
    staff(request, EXAM_OFFICERS)
    return _venue(one(selectors.venues_with_rooms(), venue_id))


@api.get("/examday/sittings/{sitting_id}/seats", response={200: SeatPage, **REFUSALS}, auth=KEY, tags=TAGS)
def seats(
    request, sitting_id: Id, region: Id | None = None, venue: Id | None = None, room: Id | None = None,
    cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """A sitting's seat allocation: one row per registration and subject period, filtered by
    region, venue and room."""
    staff(request, EXAM_OFFICERS)
    sitting_exists(sitting_id)
    rows = selectors.sitting_seats(session_id=sitting_id, region_id=region, venue_id=venue, room_id=room)
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": [_seat(s) for s in found], "next_cursor": next_cursor}


@api.get("/examday/sittings/{sitting_id}/allocation-runs", response={200: AllocationRunPage, **REFUSALS}, auth=KEY,
         tags=TAGS)  # fmt: skip
def allocation_runs(request, sitting_id: Id, cursor: Id | None = None, limit: Limit = 50):
    """The sitting's seat allocation runs, oldest first: seated, moved, kept, and the shortfall
    by region and need of a refused run (nothing was assigned then)."""
    staff(request, EXAM_OFFICERS)
    sitting_exists(sitting_id)
    found, next_cursor = page_of(selectors.allocation_runs(session_id=sitting_id), cursor, limit)
    return {"items": [_run(r) for r in found], "next_cursor": next_cursor}


@api.get("/examday/registrations/{registration_id}/seats", response={200: RegistrationSeatsOut, **REFUSALS},
         auth=KEY, tags=TAGS)  # fmt: skip
def registration_seats(request, registration_id: Id):
    """A registration's admission number 考試通知碼 and its seats, earliest subject first."""
    staff(request, EXAM_OFFICERS)
    registration = one(Registration.objects.only("id", "session_id", "status", "admission_number"), registration_id)
    number = registration.admission_number
    return {"registration": registration.pk, "sitting": registration.session_id, "status": registration.status,
            "admission_number": number, "admission_number_printed": admission.printed(number) if number else None,
            "seats": [_seat(s) for s in selectors.registration_seats(registration=registration)]}  # fmt: skip


@api.get("/examday/sittings/{sitting_id}/roll-calls", response={200: RollCallPage, **REFUSALS}, auth=KEY, tags=TAGS)
def roll_calls(
    request, sitting_id: Id, period: Id | None = None, room: Id | None = None,
    status: Literal[tuple(RollCallStatus.values)] | None = None, cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """The proctors' roll call of a sitting (present, absent, refused entry), by subject period
    and room (venue staff; scoring's reviewers)."""
    staff(request, ROLL_CALL_READERS)
    sitting_exists(sitting_id)
    rows = attendance.roll_calls(session_id=sitting_id, period_id=period, room_id=room, status=status)
    found, next_cursor = page_of(rows, cursor, limit)
    return {
        "items": [{"id": m.pk, "registration": m.registration_id, "admission_number": m.registration.admission_number,
                   "period": m.period_id, "subject": m.period.subject.name, "room": m.room_id, "status": m.status,
                   "marked_at": m.marked_at} for m in found],
        "next_cursor": next_cursor,
    }  # fmt: skip
