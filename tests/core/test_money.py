from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.money import format_ntd, percent_of, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [(69.5, 70), (2.5, 3), (0.5, 1), (1.49, 1), ("69.4", 69), (Decimal("84.5"), 85), (Fraction(139, 2), 70), (70, 70)],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_thirty_percent_plan():
    assert percent_of(1200, 30) == 360
    assert percent_of(3000, 30) == 900
    assert percent_of(1500, 30) == 450
    assert percent_of(4200, 30) == 1260
    assert percent_of(1005, 30) == 302  # 301.5 rounds up, not to even


@given(st.integers(min_value=0, max_value=10**6))
def test_halves_always_round_up(n):
    assert round_half_up(Fraction(2 * n + 1, 2)) == n + 1
    assert round_half_up(f"{n}.5") == n + 1


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=100))
def test_percent_of_is_within_half_a_dollar(amount, percent):
    exact = Fraction(amount * percent, 100)
    result = percent_of(amount, percent)
    assert isinstance(result, int)
    assert -Fraction(1, 2) < result - exact <= Fraction(1, 2)


def test_format_ntd():
    assert format_ntd(1200) == "NT$1,200"
