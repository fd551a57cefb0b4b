"""Pure certificate rules: number scheme and check character, validity, renewal window."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.certificates import rules


def test_number_has_item_year_rank_serial_and_check_character():
    number = rules.format_number(item_code="spe", roc_year=115, rank=1, serial=123)
    assert number.startswith("SPE-115-L1-000123-")
    assert rules.is_well_formed(number)


def test_any_single_mistyped_character_is_caught():
    number = rules.format_number(item_code="MDMT", roc_year=113, rank=2, serial=4567)
    for position, char in enumerate(number):
        if char == "-":
            continue
        for other in rules.ALPHABET:
            if other != char:
                typo = number[:position] + other + number[position + 1 :]
                assert not rules.is_well_formed(typo), typo


def test_typed_numbers_are_normalised():
    number = rules.format_number(item_code="SPE", roc_year=115, rank=1, serial=1)
    assert rules.normalise_number(" " + number.lower() + " ") == number
    assert rules.normalise_number(number.replace("1", "１")) == number


@pytest.mark.parametrize(
    ("years", "start", "end"),
    [
        (None, dt.date(2026, 7, 31), None),  # 初級 永久有效
        (5, dt.date(2025, 5, 1), dt.date(2030, 4, 30)),  # 114/05/01 → 119/04/30 (brochure 115 example)
        (5, dt.date(2024, 2, 29), dt.date(2029, 2, 27)),
    ],
)
def test_validity(years, start, end):
    assert rules.valid_until(start, years) == end


def test_renewal_window_is_the_last_three_months():
    opens, closes = rules.renewal_window(dt.date(2030, 4, 30))
    assert (opens, closes) == (dt.date(2030, 2, 1), dt.date(2030, 4, 30))  # 119/02/01~119/04/30
    assert not rules.in_renewal_window(dt.date(2030, 4, 30), dt.date(2030, 1, 31))
    assert rules.in_renewal_window(dt.date(2030, 4, 30), dt.date(2030, 2, 1))
    assert rules.in_renewal_window(dt.date(2030, 4, 30), dt.date(2030, 4, 30))
    assert not rules.in_renewal_window(dt.date(2030, 4, 30), dt.date(2030, 5, 1))
    assert not rules.in_renewal_window(None, dt.date(2030, 4, 30))


def test_expired_is_derived_from_the_validity_date():
    until = dt.date(2030, 4, 30)
    assert rules.display_status("valid", until, until) == "valid"
    assert rules.display_status("valid", until, until + dt.timedelta(days=1)) == "expired"
    assert rules.display_status("valid", None, dt.date(2099, 1, 1)) == "valid"
    assert rules.display_status("revoked", until, until + dt.timedelta(days=1)) == "revoked"


def test_hours_and_name_mask():
    assert rules.renewal_hours_enough(48, 48) and not rules.renewal_hours_enough(47, 48)
    assert rules.mask_name("王小明") == "王○明"
    assert rules.mask_name("歐陽小明") == "歐○○明"
    assert rules.mask_name("王明") == "王○"


def _hand_written_luhn_mod_36(payload: str) -> str:
    """The check character as computed before python-stdnum (kept here as the reference: every
    number issued with it must still verify)."""
    n = len(rules.ALPHABET)
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * rules.ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return rules.ALPHABET[(n - total % n) % n]


@given(st.text(alphabet=rules.ALPHABET, min_size=1, max_size=24))
def test_stdnum_luhn_gives_the_check_characters_of_every_number_issued_before(payload):
    assert rules.check_character(payload) == _hand_written_luhn_mod_36(payload)
