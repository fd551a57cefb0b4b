import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core import clock


def test_roc_date_as_the_brochures_print_it():
    assert clock.roc_date(dt.date(2026, 5, 23)) == "115/05/23(六)"
    assert clock.roc_date(dt.date(2024, 11, 2), weekday=False) == "113/11/02"
    assert clock.roc_date(None) == ""


def test_roc_date_of_a_utc_moment_uses_taipei_day():
    late_utc = dt.datetime(2026, 4, 9, 17, 0, tzinfo=dt.UTC)  # 04/10 01:00 in Taipei
    assert clock.roc_date(late_utc) == "115/04/10(五)"
    assert clock.roc_datetime(late_utc) == "115/04/10(五) 01:00"


@given(st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_roc_dates_round_trip(day):
    assert clock.parse_roc_date(clock.roc_date(day, weekday=False)) == day


def test_deadline_at_noon_taipei():
    closes = clock.at(dt.date(2026, 4, 10), 12)
    assert closes.astimezone(dt.UTC) == dt.datetime(2026, 4, 10, 4, 0, tzinfo=dt.UTC)
    assert clock.end_of_day(dt.date(2026, 6, 20)) > clock.at(dt.date(2026, 6, 20), 23, 59)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2024, 2, 17), True),  # Saturday 補班 before the 2024 Lunar New Year
        (dt.date(2024, 2, 8), False),  # Lunar New Year holiday (Thursday)
        (dt.date(2024, 2, 14), False),
        (dt.date(2024, 2, 15), True),
        (dt.date(2024, 2, 18), False),  # an ordinary Sunday
        (dt.date(2024, 10, 10), False),  # National Day
        (dt.date(2024, 10, 11), True),
    ],
)
def test_taiwan_working_days(day, working):
    assert clock.is_working_day(day) is working


def test_three_working_days_skip_holidays_and_count_make_up_saturdays():
    assert clock.add_working_days(dt.date(2024, 2, 7), 1) == dt.date(2024, 2, 15)
    assert clock.add_working_days(dt.date(2024, 2, 15), 2) == dt.date(2024, 2, 17)  # Fri, then 補班 Sat
    assert clock.add_working_days(dt.date(2024, 10, 9), 3) == dt.date(2024, 10, 15)
    assert clock.add_working_days(dt.date(2024, 10, 9), 0) == dt.date(2024, 10, 9)


def test_an_english_page_names_the_weekday_in_english():
    from django.utils import translation

    day = dt.date(2026, 5, 23)
    with translation.override("en"):
        assert clock.roc_date(day) == "115/05/23 (Sat)"
    assert clock.roc_date(day) == "115/05/23(六)"
