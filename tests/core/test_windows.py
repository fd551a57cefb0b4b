"""Every window is one half-open interval [opens, closes) (`core.clock.Window`): 「中午12點止」
means closed at 12:00:00 (issue 13)."""

import datetime as dt

import pytest

from skillcert.catalog import rules as catalog_rules
from skillcert.certificates import rules as certificate_rules
from skillcert.core import clock
from skillcert.examday import rules as examday_rules
from skillcert.registrations import rules as registration_rules
from skillcert.scoring import rules as scoring_rules

NOON = clock.at(dt.date(2026, 4, 10), 12)
JUST_BEFORE = NOON - dt.timedelta(microseconds=1)
OPENS = clock.at(dt.date(2026, 1, 1))


def registration_open(moment):
    return catalog_rules.window_open(now=moment, opens=OPENS, closes=NOON)


def refund_in_window(moment):
    kinds = registration_rules.refund_kinds_offered(
        now=moment,
        today=clock.local(moment).date(),
        paid=True,
        group=False,
        registration_closes=NOON,
        exam_date=dt.date(2026, 5, 23),
        postponements=[],
    )
    return "full_in_window" in kinds


def allocation_waits(moment):
    return not examday_rules.allocation_may_run(now=moment, registration_closes=NOON, group_registration_closes=NOON)


@pytest.mark.parametrize(
    "still_open",
    [registration_open, refund_in_window, allocation_waits],
    ids=["registration", "refund", "seat_allocation"],
)
def test_a_window_closing_at_noon_is_open_until_the_last_microsecond_and_closed_at_noon(still_open):
    assert still_open(JUST_BEFORE)
    assert not still_open(NOON)
    assert not still_open(NOON + dt.timedelta(seconds=1))


def test_the_window_value_is_half_open():
    window = clock.Window(opens=OPENS, closes=NOON)
    assert not window.contains(OPENS - dt.timedelta(microseconds=1))
    assert window.contains(OPENS) and window.contains(JUST_BEFORE)
    assert not window.contains(NOON) and window.has_closed(NOON) and not window.has_closed(JUST_BEFORE)


LAST = dt.date(2026, 6, 13)
DAY_WINDOWS = {
    "review": lambda day: clock.Window.days(*scoring_rules.review_window(
        published_on=dt.date(2026, 6, 12), opens=None, closes=None, days_from_publication=2
    )).contains_day(day),
    "dispute": lambda day: scoring_rules.dispute_online_open(today=day, opens=dt.date(2026, 6, 11), closes=LAST),
    "renewal": lambda day: certificate_rules.in_renewal_window(LAST, day),
    "postponement_refund": lambda day: registration_rules.postponement_refund_open(
        today=day, announced_on=LAST - dt.timedelta(days=3)
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", DAY_WINDOWS)
def test_a_window_of_whole_days_includes_its_last_day_and_closes_at_the_next_midnight(kind):
    open_on = DAY_WINDOWS[kind]
    assert open_on(LAST)
    assert not open_on(LAST + dt.timedelta(days=1))
    window = clock.Window.days(LAST - dt.timedelta(days=1), LAST)
    assert window.contains(clock.at(LAST + dt.timedelta(days=1)) - dt.timedelta(microseconds=1))
    assert not window.contains(clock.at(LAST + dt.timedelta(days=1)))
