"""Each report's figures against the rows the test made (tests/reports/factories.office)."""

import pytest

from skillcert.catalog.models import Level
from skillcert.registrations.models import Registration
from skillcert.reports import selectors
from skillcert.reports.filters import Filters
from tests.reports.factories import SCORES, office

pytestmark = pytest.mark.django_db

ALL = Filters()


@pytest.fixture
def data():
    return office()


def test_registrations_per_day_runs_a_cumulative_total(data):
    table = selectors.registrations_per_day(ALL)
    assert table.line
    assert sum(row[1] for row in table.rows) == len(SCORES)
    assert table.rows[-1][2] == len(SCORES)


def test_registrations_by_region_and_the_region_filter(data):
    table = selectors.registrations_by_region(ALL)
    assert dict(table.rows) == {"台北": len(SCORES) - 1, "高雄": 1}
    south = selectors.registrations_by_region(Filters(region=data.south.pk))
    assert dict(south.rows) == {"高雄": 1}


def test_registrations_by_level_subject_plan_and_school(data):
    assert sum(row[1] for row in selectors.registrations_by_level(ALL).rows) == len(SCORES)
    by_subject = selectors.registrations_by_subject(ALL)
    assert sorted(row[1] for row in by_subject.rows) == [len(SCORES), len(SCORES)]
    by_plan = selectors.registrations_by_plan(ALL)
    assert by_plan.rows[0][2] == sum(Registration.objects.values_list("amount", flat=True))
    schools = dict(selectors.registrations_by_school(ALL).rows)
    assert schools["國立高雄大學"] == len(SCORES) - 1


def test_other_years_and_levels_filter_everything_out(data):
    for filters in (Filters(year=99), Filters(level=Level.Rank.ADVANCED), Filters(sitting=data.session.pk + 1)):
        assert selectors.registrations_by_region(filters).rows == []
        assert selectors.pass_rates_by_subject(filters).rows == []


def test_seats_held_against_quota(data):
    rows = selectors.seats(Filters(sitting=data.session.pk)).rows
    assert [(row[1], row[2], row[3]) for row in rows] == [(50, len(SCORES), 50 - len(SCORES))]


def test_pass_rates_count_only_those_present_against_the_pass_mark(data):
    table = selectors.pass_rates_by_subject(ALL)
    for row in table.rows:
        number = 1 if row[0].endswith("1") else 2
        marks = [m[number] for m in SCORES if m[number] is not None]
        assert row[1] == len(marks)
        assert row[2] == sum(1 for m in marks if m >= 70)
    level = selectors.pass_rates_by_level(ALL).rows[0]
    assert level[1] == sum(1 for m in SCORES for v in m.values() if v is not None)


def test_pass_rates_by_region_follow_the_registration(data):
    rows = {row[0]: row for row in selectors.pass_rates_by_region(ALL).rows}
    last = SCORES[-1]
    assert rows["高雄"][1] == len(last)
    assert rows["高雄"][2] == sum(1 for v in last.values() if v >= 70)
    only_south = selectors.pass_rates_by_subject(Filters(region=data.south.pk)).rows
    assert sum(row[1] for row in only_south) == len(last)


def test_attendance_per_subject(data):
    rows = {row[0][-1]: row for row in selectors.attendance(ALL).rows}
    absent_in_2 = sum(1 for m in SCORES if m[2] is None)
    assert rows["2"][2] == absent_in_2
    assert rows["2"][1] == len(SCORES) - absent_in_2


def test_money_by_day_and_bank_files(data):
    rows = selectors.money_by_day(ALL).rows
    matched, queued = data.credits
    assert sum(row[3] for row in rows) == matched.amount
    assert sum(row[4] for row in rows) == queued.amount
    assert sum(row[2] for row in rows) == matched.amount + queued.amount
    (batch,) = selectors.bank_files(ALL).rows
    assert batch[1:] == (matched.amount + queued.amount, matched.amount, queued.amount)


def test_group_remittances_outstanding(data):
    (row,) = selectors.group_outstanding(ALL).rows
    owed = Registration.objects.get(group_sitting=data.group).amount
    assert row[1:] == (owed, 0, owed)


def test_certificates_by_month(data):
    rows = selectors.certificates(ALL).rows
    assert sum(row[1] for row in rows) >= 1
    assert sum(row[4] for row in rows) == 0
