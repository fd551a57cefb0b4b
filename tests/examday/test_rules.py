import datetime as dt

from skillcert.core import clock
from skillcert.examday.rules import allocation_may_run, room_problems, seat_label


def _problems(**fields):
    values = {"rows": 5, "columns": 6, "capacity": 30, "floor": 1, "accessible": False, "venue_has_lift": True}
    values.update(fields)
    return room_problems(**values)


def test_a_room_whose_capacity_equals_its_seats_is_fine():
    assert _problems() == []


def test_a_capacity_below_or_above_the_seats_is_refused_with_the_count():
    assert "5 排 × 每排 6 位 = 30 位" in _problems(capacity=29)[0]
    assert "30 位" in _problems(capacity=31)[0]


def test_a_room_without_seats_is_refused():
    assert _problems(rows=0, capacity=0)


def test_an_upstairs_room_in_a_venue_without_lift_is_not_accessible():
    assert _problems(floor=3, accessible=True, venue_has_lift=False)
    assert _problems(floor=3, accessible=True, venue_has_lift=True) == []
    assert _problems(floor=1, accessible=True, venue_has_lift=False) == []


def test_seat_labels_read_row_letter_and_two_digit_column():
    assert seat_label(row=1, column=1) == "A01"
    assert seat_label(row=3, column=7) == "C07"
    assert seat_label(row=27, column=12) == "AA12"


def test_allocation_waits_for_both_registration_windows_to_close():
    noon = clock.at(dt.date(2026, 4, 10), 12)
    group_noon = noon - dt.timedelta(days=1)
    just_before = noon - dt.timedelta(microseconds=1)
    assert not allocation_may_run(now=just_before, registration_closes=noon, group_registration_closes=group_noon)
    assert allocation_may_run(now=noon, registration_closes=noon, group_registration_closes=group_noon)  # closed
    assert not allocation_may_run(
        now=noon + dt.timedelta(seconds=1),
        registration_closes=noon,
        group_registration_closes=noon + dt.timedelta(hours=1),
    )
