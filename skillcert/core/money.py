"""Money is integer New Taiwan dollars; every rounding goes through `round_half_up`."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round_half_up(value: int | float | str | Decimal | Fraction) -> int:
    """四捨五入 to an integer (2.5 → 3, 69.5 → 70). Never Python's banker's round()."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, percent: int) -> int:
    """`percent`% of `amount` dollars, rounded half up (the 30% plan: 30% of 1,200 = 360)."""
    return round_half_up(Fraction(amount * percent, 100))


def format_ntd(amount: int) -> str:
    return f"NT${amount:,}"
