"""Exam-day test helpers for notices, room kits and roll call: a sitting with a timetable, a venue
with a room, and paid registrations seated directly (admission number and SeatAssignment rows
written here, not by the allocation service)."""

import datetime as dt

from skillcert.catalog.models import Region, SessionSubject, Venue
from skillcert.core import clock
from skillcert.examday.models import Room, SeatAssignment
from tests.factories import CandidateFactory, make_level, make_session
from tests.scoring.factories import register

_counter = {"n": 0}


def exam_sitting(*, exam_in_days=20, subjects=("written", "written")):
    """A sitting whose written subjects sit 09:00–10:15 and 11:00–12:15 on exam day."""
    level = make_level(subjects=subjects)
    session = make_session(level, exam_in_days=exam_in_days, closes_in_days=min(exam_in_days - 5, 20))
    for hour, subject in zip((9, 11), level.subjects.order_by("number"), strict=False):
        starts = clock.at(session.exam_date, hour)
        SessionSubject.objects.create(
            session=session, subject=subject, starts_at=starts, ends_at=starts + dt.timedelta(minutes=75)
        )
    return session


def make_room(*, venue=None, name=None, rows=3, columns=4, **extra) -> Room:
    _counter["n"] += 1
    if venue is None:
        region, _ = Region.objects.get_or_create(name="台北")
        venue = Venue.objects.create(
            region=region, name=f"國立臺北科技大學{_counter['n']}", address="臺北市大安區忠孝東路三段1號",
            map_url="https://maps.example.com/?q=ntut", contact_name="陳考務", contact_phone="02-2771-2171",
        )  # fmt: skip
    return Room.objects.create(
        venue=venue, name=name or f"電腦教室 A{300 + _counter['n']}", rows=rows, columns=columns,
        capacity=rows * columns, **extra,
    )  # fmt: skip


def seated(session, room, *, row=1, column=1, candidate=None, extra_minutes=0, numbers=(1, 2), number=None):
    """A paid registration of `session` with an admission number, seated at (row, column) of
    `room` for every timetabled subject it registered."""
    _counter["n"] += 1
    registration = register(candidate or CandidateFactory(), session, numbers)
    registration.admission_number = number or f"T{session.pk:03d}{_counter['n']:06d}"
    registration.save(update_fields=["admission_number"])
    for period in session.timetable.filter(subject__number__in=numbers):
        SeatAssignment.objects.create(
            registration=registration, period=period, room=room, row=row, column=column, extra_minutes=extra_minutes
        )
    return registration
