"""Exam-day factories: a sitting whose registration has closed (timetable included), venues with
rooms, and paid registrations written straight to the tables (no payment flow needed)."""

import datetime as dt

from skillcert.catalog.models import Region, SessionSubject, Venue
from skillcert.core import clock
from skillcert.examday.models import PracticalBatch, Room, RoomKind
from skillcert.registrations.models import Registration, RegistrationStatus, RegistrationSubject, SpecialNeeds
from tests.factories import CandidateFactory, make_level, make_session


def closed_sitting(*, subjects=("written", "written", "practical"), regions=("台北",), **session_fields):
    """A sitting whose registration closed yesterday, exam in ten days, with its timetable."""
    session = make_session(
        make_level(subjects=subjects), opens_days_ago=30, closes_in_days=-1, exam_in_days=10, **session_fields
    )
    for name in regions:
        session.regions.add(Region.objects.get_or_create(name=name)[0])
    for position, subject in enumerate(session.level.subjects.order_by("number")):
        written = subject.kind == "written"
        SessionSubject.objects.create(
            session=session,
            subject=subject,
            starts_at=clock.at(session.exam_date, 9 + 2 * position) if written else None,
            ends_at=clock.at(session.exam_date, 10 + 2 * position, 15) if written else None,
        )
    return session


def make_venue(region="台北", name=None, **fields) -> Venue:
    region_row = Region.objects.get_or_create(name=region)[0]
    name = name or f"{region}示範考場{Venue.objects.count() + 1}"
    return Venue.objects.create(region=region_row, name=name, address=f"{region}市中正路1號", **fields)


def make_room(venue: Venue, *, rows=3, columns=4, name=None, **fields) -> Room:
    return Room.objects.create(
        venue=venue,
        name=name or f"R{Room.objects.count() + 1}",
        rows=rows,
        columns=columns,
        capacity=rows * columns,
        kind=fields.pop("kind", RoomKind.COMPUTER),
        **fields,
    )


def make_batch(session, venue, *, number=1, capacity=30) -> PracticalBatch:
    return PracticalBatch.objects.create(session=session, venue=venue, number=number, capacity=capacity)


def paid(session, *, region="台北", numbers=(1, 2), group_sitting=None, needs=None, practical_venue=None):
    """A paid registration for `numbers`; `needs` = approved SpecialNeeds fields."""
    registration = Registration.objects.create(
        candidate=CandidateFactory(),
        session=session,
        region=Region.objects.get_or_create(name=region)[0],
        practical_venue=practical_venue,
        group_sitting=group_sitting,
        plan="list",
        amount=1200 * len(numbers),
        status=RegistrationStatus.PAID,
        payment_deadline=clock.now() - dt.timedelta(days=5),
    )
    for subject in session.level.subjects.filter(number__in=numbers):
        RegistrationSubject.objects.create(registration=registration, subject=subject, fee=1200)
    if needs:
        requested = {
            "extra_minutes": needs.get("approved_minutes", 0),
            "ground_floor": bool(needs.get("ground_floor_approved")),
            "enlarged_paper": bool(needs.get("enlarged_paper_approved")),
        }
        requested.update(needs)
        SpecialNeeds.objects.create(
            registration=registration, document="needs/proof.pdf", decided_at=clock.now(), **requested
        )
    return registration
