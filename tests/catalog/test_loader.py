"""load_brochures: idempotent, and by default shifted so that registration is open today."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from skillcert.catalog import models, selectors
from skillcert.catalog.demo import demo_shift_days, load_brochures
from skillcert.core import clock

from .helpers import session

pytestmark = pytest.mark.django_db
CATALOG_MODELS = [
    models.Item, models.Brochure, models.ReissueWindow, models.Level, models.Subject, models.SyllabusTopic,
    models.CertificationPath, models.Region, models.Venue, models.ExamSession, models.SessionSubject,
    models.SeatPool, models.Fee, models.News,
]  # fmt: skip


def snapshot():
    return {
        model.__name__: sorted(repr(sorted(model_to_dict(obj).items(), key=str)) for obj in model.objects.all())
        for model in CATALOG_MODELS
    }


def test_running_twice_changes_nothing():
    load_brochures()
    first = snapshot()
    load_brochures()
    assert snapshot() == first
    assert models.Item.objects.count() == 2 and models.ExamSession.objects.count() == 5


def test_reloading_keeps_seats_already_held():
    load_brochures()
    pool = models.SeatPool.objects.filter(venue__isnull=True).first()
    models.SeatPool.objects.filter(pk=pool.pk).update(held=7)
    load_brochures()
    pool.refresh_from_db()
    assert pool.held == 7


def test_switching_between_true_and_demo_dates_updates_the_same_rows(frozen_now):
    frozen_now(dt.datetime(2026, 11, 23, 10, 0, tzinfo=clock.TAIPEI))
    load_brochures(true_dates=True)
    ids = set(models.ExamSession.objects.values_list("pk", flat=True))
    assert models.Brochure.objects.get(item__code="SPE").dates_shifted_days == 0
    load_brochures()
    assert set(models.ExamSession.objects.values_list("pk", flat=True)) == ids
    assert models.Brochure.objects.get(item__code="SPE").dates_shifted_days == 266  # 38 weeks
    assert session("SPE", 1, 1).exam_date == dt.date(2026, 5, 23) + dt.timedelta(days=266)


def test_shift_is_whole_weeks_within_three_days_of_the_anchor():
    anchor = dt.date(2026, 3, 1)
    for offset in range(-400, 400, 13):
        today = anchor + dt.timedelta(days=offset)
        days = demo_shift_days(anchor=anchor, today=today)
        assert days % 7 == 0
        assert abs((anchor + dt.timedelta(days=days) - today).days) <= 3


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 23, 10, 0, tzinfo=clock.TAIPEI),
        dt.datetime(2027, 2, 28, 23, 30, tzinfo=clock.TAIPEI),
        dt.datetime(2028, 7, 15, 8, 0, tzinfo=clock.TAIPEI),
        dt.datetime(2030, 12, 31, 12, 0, tzinfo=clock.TAIPEI),
    ],
)
def test_demo_dates_keep_both_first_sittings_open_today(frozen_now, moment):
    frozen_now(moment)
    load_brochures()
    for group in (False, True):
        opened = {(s.level.brochure.item.code, s.level.rank, s.nth) for s in selectors.open_sessions(group=group)}
        assert {("SPE", 1, 1), ("MDMT", 1, 1)} <= opened
    spe1 = session("SPE", 1, 1)
    assert clock.local(spe1.registration_closes).strftime("%H:%M") == "12:00"
    assert clock.local(spe1.group_registration_closes).strftime("%H:%M") == "12:00"
    assert spe1.exam_date.weekday() == 5  # still a Saturday


def test_demo_dates_keep_every_milestone_interval_of_the_brochure(frozen_now):
    def intervals():
        rows = {}
        for s in models.ExamSession.objects.select_related("level__brochure__item"):
            key = (s.level.brochure.item.code, s.level.rank, s.nth)
            rows[key] = (
                s.registration_closes - s.registration_opens,
                s.registration_closes - s.group_registration_closes,
                s.exam_date - clock.local(s.registration_closes).date(),
                s.scores_published_on - s.exam_date,
                s.certificates_mailed_from - s.exam_date,
                [(t.starts_at and clock.local(t.starts_at).time()) for t in s.timetable.order_by("subject__number")],
            )
        return rows

    load_brochures(true_dates=True)
    true = intervals()
    frozen_now(dt.datetime(2026, 11, 23, 10, 0, tzinfo=clock.TAIPEI))
    load_brochures()
    assert intervals() == true


def test_load_demo_command(capsys):
    call_command("load_demo", "--true-dates")
    out = capsys.readouterr().out
    assert "SPE: brochure dates" in out
    assert "115/04/10(五) 12:00" in out
    assert session("SPE", 1, 1).registration_closes == clock.at(dt.date(2026, 4, 10), 12)
    call_command("load_demo")
    assert "shifted" in capsys.readouterr().out
