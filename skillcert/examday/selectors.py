"""Reads for exam day: a sitting's rooms, candidates and seats as the pure allocator wants
them (set-based: a handful of queries whatever the size of the sitting), admission-number
look-ups for the importers, and the check that every approved need is really honoured."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from skillcert.catalog.models import ExamSession, SessionSubject, Subject, SubjectKind, Venue
from skillcert.groups.models import RequestStatus
from skillcert.registrations.models import Registration, RegistrationStatus, RegistrationSubject, SpecialNeeds

from . import admission
from .models import AllocationRun, DedicatedVenue, PracticalBatch, Room, RoomKind, SeatAssignment
from .seating import Candidate, Needs, RoomSeats, need_met

PRACTICAL = "practical"  # the pseudo room kind of practical batches


def period_kind(*, subject_kind: str, subject_format: str) -> str:
    """Which room a subject needs: CBT a computer room, paper and drawing a paper room
    (brochure §2.4 鑑定方式), a practical subject a batch at a practical venue."""
    if subject_kind == SubjectKind.PRACTICAL:
        return PRACTICAL
    return RoomKind.COMPUTER if subject_format == Subject.Format.CBT else RoomKind.PAPER


def registrations_by_admission_number(*, numbers, session: ExamSession | None = None) -> dict[str, Registration]:
    """{admission number: registration} for the numbers given (typed or pasted: normalised
    first); numbers that match nobody are left out. The importers' and roll call's one look-up."""
    wanted = {admission.normalise(number) for number in numbers}
    found = Registration.objects.filter(admission_number__in=wanted).select_related("candidate")
    if session is not None:
        found = found.filter(session=session)
    return {registration.admission_number: registration for registration in found}


def registration_seats(*, registration: Registration):
    """The registration's seats, earliest subject first, with what a notice or a desk label
    prints: subject and times, venue (address, map link), room, batch."""
    return (
        SeatAssignment.objects.filter(registration=registration)
        .select_related("period__subject", "room__venue__region", "batch__venue__region")
        .order_by("period__starts_at", "period__subject__number")
    )


@dataclass
class SittingData:
    """One sitting as the allocator sees it."""

    periods: dict  # period id → kind
    candidates: list  # seating.Candidate, key (registration id, kind)
    periods_of: dict  # (registration id, kind) → [period ids]
    rooms: list  # seating.RoomSeats for computer and paper rooms
    batches: list  # seating.RoomSeats for practical batches (region = venue)
    current: dict  # (registration id, kind) → seat, when all its periods agree
    rows: dict  # (registration id, period id) → SeatAssignment values
    needs: dict  # registration id → SpecialNeeds values (approved parts only)
    registrations: dict  # registration id → (region id, admission number)
    practical_registered: int
    venues_without_rooms: list


def _approved_needs(session) -> dict[int, dict]:
    rows = SpecialNeeds.objects.filter(
        registration__session=session, registration__status=RegistrationStatus.PAID
    ).values_list(
        "registration_id", "approved_minutes", "ground_floor_approved", "seat", "seat_approved",
        "enlarged_paper_approved",
    )  # fmt: skip
    found = {}
    for registration_id, minutes, ground, seat, seat_ok, enlarged in rows:
        found[registration_id] = {
            "extra_minutes": minutes or 0,
            "accessible": bool(ground),
            "seat": seat if seat_ok else "",
            "enlarged_paper": bool(enlarged),
        }
    return found


def _rooms(session, regions) -> tuple[list[RoomSeats], list[str]]:
    dedicated = dict(
        DedicatedVenue.objects.filter(
            venue_request__group_sitting__session=session, venue_request__status=RequestStatus.APPROVED
        ).values_list("venue_id", "venue_request__group_sitting_id")
    )
    rooms = Room.objects.filter(is_active=True).filter(Q(venue__region__in=regions) | Q(venue_id__in=dedicated))
    specs = [
        RoomSeats(
            id=room["id"],
            region_id=room["venue__region_id"],
            kind=room["kind"],
            rows=room["rows"],
            columns=room["columns"],
            accessible=room["accessible"],
            extended_time=room["extended_time"],
            group_id=dedicated.get(room["venue_id"]),
        )  # fmt: skip
        for room in rooms.order_by("venue__region__position", "venue__name", "position", "name").values(
            "id", "venue_id", "venue__region_id", "kind", "rows", "columns", "accessible", "extended_time"
        )
    ]
    practical_venues = PracticalBatch.objects.filter(session=session).values("venue_id")
    empty = (
        Venue.objects.filter(region__in=regions)
        .exclude(rooms__is_active=True)
        .exclude(id__in=practical_venues)
        .order_by("region__position", "name")
    )
    return specs, [str(venue) for venue in empty.select_related("region")]


def sitting_data(*, session: ExamSession) -> SittingData:
    regions = list(session.regions.values_list("id", flat=True))
    periods, period_of_subject = {}, {}
    for period_id, subject_id, kind, fmt in SessionSubject.objects.filter(session=session).values_list(
        "id", "subject_id", "subject__kind", "subject__format"
    ):
        periods[period_id] = period_kind(subject_kind=kind, subject_format=fmt)
        period_of_subject[subject_id] = period_id
    paid = Registration.objects.filter(session=session, status=RegistrationStatus.PAID)
    registrations, group_of, practical_venue_of = {}, {}, {}
    for pk, region_id, group_id, venue_id, number in paid.values_list(
        "id", "region_id", "group_sitting_id", "practical_venue_id", "admission_number"
    ):
        registrations[pk] = (region_id, number)
        group_of[pk] = group_id
        practical_venue_of[pk] = venue_id
    needs = _approved_needs(session)
    periods_of = defaultdict(list)
    for registration_id, subject_id in RegistrationSubject.objects.filter(
        registration__session=session, registration__status=RegistrationStatus.PAID, dropped=False
    ).values_list("registration_id", "subject_id"):
        period_id = period_of_subject.get(subject_id)
        if period_id is not None:
            periods_of[(registration_id, periods[period_id])].append(period_id)
    candidates = []
    for (registration_id, kind), _periods in sorted(periods_of.items()):
        need = needs.get(registration_id)
        if kind == PRACTICAL:
            region, seat_needs = practical_venue_of[registration_id], Needs()
        else:
            region = registrations[registration_id][0]
            seat_needs = Needs(need["extra_minutes"], need["accessible"], need["seat"]) if need else Needs()
        candidates.append(Candidate((registration_id, kind), region, kind, group_of[registration_id], seat_needs))
    rows, seats_of = {}, defaultdict(set)
    for row in SeatAssignment.objects.filter(period__session=session).values(
        "id", "registration_id", "period_id", "room_id", "batch_id", "row", "column", "extra_minutes",
        "enlarged_paper",
    ):  # fmt: skip
        rows[(row["registration_id"], row["period_id"])] = row
        place = row["room_id"] or row["batch_id"]
        seats_of[(row["registration_id"], periods[row["period_id"]])].add((place, row["row"], row["column"]))
    current = {key: next(iter(seats)) for key, seats in seats_of.items() if len(seats) == 1}
    rooms, empty = _rooms(session, regions)
    batches = [
        RoomSeats(id=pk, region_id=venue_id, kind=PRACTICAL, rows=1, columns=capacity)
        for pk, venue_id, capacity in PracticalBatch.objects.filter(session=session)
        .order_by("venue_id", "number")
        .values_list("id", "venue_id", "capacity")
    ]
    return SittingData(
        periods=periods,
        candidates=candidates,
        periods_of=dict(periods_of),
        rooms=rooms,
        batches=batches,
        current=current,
        rows=rows,
        needs=needs,
        registrations=registrations,
        practical_registered=sum(1 for c in candidates if c.kind == PRACTICAL),
        venues_without_rooms=empty,
    )


def needs_honoured(*, session: ExamSession) -> tuple[int, int]:
    """(honoured, approved): registrations of the sitting with an approved need whose every
    seat meets it, with the approved minutes and A3 paper copied onto every subject."""
    data = sitting_data(session=session)
    rooms = {room.id: room for room in data.rooms}
    by_key = {c.key: c for c in data.candidates}
    approved = {pk for pk, need in data.needs.items() if any(need.values())}
    kinds_of = defaultdict(list)
    for (pk, kind), period_ids in data.periods_of.items():
        if pk in approved and kind != PRACTICAL:
            kinds_of[pk].append((by_key[(pk, kind)], period_ids))
    return sum(_honoured(data.needs[pk], kinds_of[pk], data.rows, rooms) for pk in approved), len(approved)


def _honoured(need: dict, seatings, rows: dict, rooms: dict) -> bool:
    for candidate, period_ids in seatings:
        registration_id = candidate.key[0]
        for period_id in period_ids:
            row = rows.get((registration_id, period_id))
            room = rooms.get(row["room_id"]) if row else None
            if room is None or not need_met(room, (room.id, row["row"], row["column"]), candidate):
                return False
            if row["extra_minutes"] != need["extra_minutes"] or row["enlarged_paper"] != need["enlarged_paper"]:
                return False
    return True


def sittings_without_practical(*, session_ids) -> dict[int, int]:
    """{sitting id: the brochure's minimum turnout} for the sittings whose latest completed seat
    allocation left the practical out: fewer practical registrants than the minimum (brochure 113
    §2.3 備註2, 報考人數未達 40 人不辦理; `catalog.rules.turnout_too_low`, applied by
    `services.session_allocate_seats`). The exam notice tells those candidates."""
    latest = {}
    runs = AllocationRun.objects.filter(session_id__in=set(session_ids), completed=True)
    for run in runs.select_related("session__level__brochure").order_by("ran_at", "pk"):
        latest[run.session_id] = run
    return {
        session_id: run.session.level.brochure.minimum_turnout
        for session_id, run in latest.items()
        if run.report.get("practical_registered") and not run.report.get("practical_held")
    }


# Reads for the API (lists are cursor-paginated by id in the door: each is one query, or two
# with its prefetch, whatever the page size).


def venues_with_rooms():
    """Venues with their region and their rooms (prefetched, in room order)."""
    rooms = Room.objects.order_by("position", "name")
    return Venue.objects.select_related("region").prefetch_related(Prefetch("rooms", queryset=rooms))


def sitting_seats(*, session_id: int, region_id=None, venue_id=None, room_id=None):
    """A sitting's seat assignments (written rooms and practical batches) with what a list
    shows: the registration's admission number, the subject period, the room or batch and its
    venue; filtered by region, venue (room's or batch's) and room."""
    rows = SeatAssignment.objects.filter(period__session_id=session_id).select_related(
        "registration", "period__subject", "room__venue", "batch__venue"
    )
    if region_id is not None:
        rows = rows.filter(Q(room__venue__region_id=region_id) | Q(batch__venue__region_id=region_id))
    if venue_id is not None:
        rows = rows.filter(Q(room__venue_id=venue_id) | Q(batch__venue_id=venue_id))
    if room_id is not None:
        rows = rows.filter(room_id=room_id)
    return rows


def allocation_runs(*, session_id=None):
    """Seat allocation runs (completed or refused with their shortfall), with who ran them."""
    runs = AllocationRun.objects.select_related("run_by")
    return runs if session_id is None else runs.filter(session_id=session_id)
