"""The check digit bound to the amount (numbering.py states the guarantee proved here)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.payments.numbering import (
    MAX_SERIAL,
    NUMBER_LENGTH,
    NoCheckDigit,
    serial_for,
    va_number_check,
    va_number_make,
)

amounts = st.integers(min_value=1, max_value=99_999_999)


@st.composite
def issued(draw):
    amount = draw(amounts)
    serial, number = serial_for(base=draw(st.integers(min_value=0, max_value=MAX_SERIAL // 10)), amount=amount)
    return number, amount


def test_known_vectors():
    # Worked by hand: body 9601700000001 weighted sum 9·2+6·3+0+1·5+7·6+…+1·6 = 89; amount 1200·7 = 8400;
    # (89 + 8400) mod 11 = 8489 mod 11 = 8.
    assert va_number_make(serial=1, amount=1200) == "96017000000018"
    assert va_number_check(number="96017000000018", amount=1200)
    assert not va_number_check(number="96017000000018", amount=1201)
    assert not va_number_check(number="96017000000019", amount=1200)
    assert len(va_number_make(serial=12345678, amount=600)) == NUMBER_LENGTH


def test_serial_without_a_check_digit_is_skipped():
    unusable = next(s for s in range(100) if _raises(s, 1400))
    with pytest.raises(NoCheckDigit):
        va_number_make(serial=unusable, amount=1400)
    serial, number = serial_for(base=unusable // 10, amount=1400)
    assert serial != unusable and serial // 10 == unusable // 10
    assert va_number_check(number=number, amount=1400)


def _raises(serial, amount):
    try:
        va_number_make(serial=serial, amount=amount)
    except NoCheckDigit:
        return True
    return False


@given(issued())
def test_an_issued_number_checks_with_its_amount(case):
    number, amount = case
    assert va_number_check(number=number, amount=amount)


@given(issued(), st.integers(min_value=0, max_value=NUMBER_LENGTH - 1), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_detected(case, position, delta):
    number, amount = case
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    assert not va_number_check(number=changed, amount=amount)


@given(issued(), st.integers(min_value=0, max_value=NUMBER_LENGTH - 2))
def test_any_adjacent_transposition_is_detected(case, position):
    number, amount = case
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2 :]
    assert swapped == number or not va_number_check(number=swapped, amount=amount)


@given(issued(), amounts)
def test_a_different_amount_is_detected_exactly_when_not_congruent_mod_11(case, other):
    number, amount = case
    assert va_number_check(number=number, amount=other) == ((other - amount) % 11 == 0)


@given(issued(), st.integers(min_value=1, max_value=10))
def test_amounts_within_ten_dollars_are_detected(case, diff):
    number, amount = case
    assert not va_number_check(number=number, amount=amount + diff)
    assert amount - diff < 0 or not va_number_check(number=number, amount=amount - diff)


@given(issued(), st.integers(min_value=0, max_value=7), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_of_the_amount_is_detected(case, position, delta):
    number, amount = case
    text = f"{amount:08d}"
    changed = int(text[:position] + str((int(text[position]) + delta) % 10) + text[position + 1 :])
    assert not va_number_check(number=number, amount=changed)


def test_foreign_or_malformed_numbers_fail():
    assert not va_number_check(number="12345000000018", amount=1200)  # not our prefix
    assert not va_number_check(number="9601700000001", amount=1200)  # too short
    assert not va_number_check(number="9601700000001X", amount=1200)
    assert not va_number_check(number="", amount=1200)
    assert not va_number_check(number="9601700000001\u0668", amount=1200)  # ARABIC-INDIC DIGIT EIGHT
