"""Demo venues and rooms: every region of both brochures, enough seats for every demo sitting."""

import pytest
from django.core.management import call_command
from django.db.models import Sum

from skillcert.catalog.demo import load_brochures
from skillcert.catalog.models import ExamSession, SubjectKind
from skillcert.examday.demo import load_venues
from skillcert.examday.models import PracticalBatch, Room, RoomKind
from skillcert.examday.selectors import period_kind

pytestmark = pytest.mark.django_db


def test_every_demo_sitting_has_rooms_in_each_region_and_seats_for_its_quota():
    load_brochures(true_dates=True)
    first = load_venues()
    for session in ExamSession.objects.select_related("level"):
        regions = list(session.regions.all())
        quota = session.seat_pools.get(kind=SubjectKind.WRITTEN).capacity
        formats = set(
            session.timetable.filter(subject__kind=SubjectKind.WRITTEN).values_list("subject__format", flat=True)
        )
        kinds = {period_kind(subject_kind=SubjectKind.WRITTEN, subject_format=f) for f in formats}
        for kind in kinds:
            rooms = Room.objects.filter(venue__region__in=regions, kind=kind)
            for region in regions:
                assert rooms.filter(venue__region=region).exists(), (session, region, kind)
            assert rooms.aggregate(seats=Sum("capacity"))["seats"] >= quota, (session, kind)
        for room in Room.objects.filter(venue__region__in=regions):
            room.full_clean()
    practical = ExamSession.objects.get(level__brochure__item__code="SPE", level__rank=1, nth=1)
    assert PracticalBatch.objects.filter(session=practical).count() == 4  # 2 batches × 2 venues
    assert load_venues() == first and Room.objects.count() == first["rooms"]


def test_load_demo_loads_the_venues_too(capsys):
    call_command("load_demo", "--true-dates")
    assert "exam day:" in capsys.readouterr().out
    assert Room.objects.filter(extended_time=True).exists() and Room.objects.filter(kind=RoomKind.PAPER).exists()
