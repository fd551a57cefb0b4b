"""core.identifiers: known-valid and known-invalid numbers of every format, and property tests
against an independent reference implementation written the way the MOI documents it."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core import identifiers as ids

# The MOI letter table, written out as the documentation prints it (not imported).
AREA = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


def reference_check_digit(first: str, second_digit: int, seven: str) -> int:
    """Check digit by the published recipe: letter → two digits, weights 1,9,8,7,…,1."""
    digits = [int(c) for c in str(AREA[first])] + [second_digit] + [int(c) for c in seven]
    weights = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    total = sum(d * w for d, w in zip(digits, weights, strict=True))
    return (10 - total % 10) % 10


letters = st.sampled_from(sorted(AREA))
seven_digits = st.text(alphabet=string.digits, min_size=7, max_size=7)


@pytest.mark.parametrize("value", ["A123456789", "a123456789", " A223456781 ", "Z100000002"])
def test_known_valid_national_ids(value):
    assert ids.is_national_id(value)


@pytest.mark.parametrize(
    "value",
    ["A123456788", "A323456789", "A12345678", "A1234567890", "1123456789", "AA23456789", "", "Ａ123456789"],
)
def test_known_invalid_national_ids(value):
    assert not ids.is_national_id(value)


def test_resident_certificates_new_and_old_formats():
    assert ids.is_resident_certificate("A800000014")  # MOI example of the 2021 format
    assert not ids.is_resident_certificate("A800000015")
    assert ids.is_resident_certificate("AC01234567")  # old two-letter format
    assert not ids.is_resident_certificate("AC01234568")
    assert not ids.is_resident_certificate("AE01234567")  # second letter only A-D
    assert not ids.is_national_id("A800000014")
    assert ids.is_personal_id("A800000014") and ids.is_personal_id("A123456789")


@given(letters, st.sampled_from([1, 2]), seven_digits)
def test_national_id_accepts_exactly_the_reference_check_digit(letter, sex, seven):
    good = reference_check_digit(letter, sex, seven)
    assert ids.is_national_id(f"{letter}{sex}{seven}{good}")
    for wrong in set(range(10)) - {good}:
        assert not ids.is_national_id(f"{letter}{sex}{seven}{wrong}")


@given(letters, st.sampled_from([8, 9]), seven_digits)
def test_new_resident_certificate_matches_reference(letter, second, seven):
    good = reference_check_digit(letter, second, seven)
    assert ids.is_resident_certificate(f"{letter}{second}{seven}{good}")
    assert not ids.is_resident_certificate(f"{letter}{second}{seven}{(good + 1) % 10}")


@given(letters, st.sampled_from("ABCD"), seven_digits)
def test_old_resident_certificate_uses_the_units_digit_of_the_second_letter(letter, second, seven):
    good = reference_check_digit(letter, AREA[second] % 10, seven)
    assert ids.is_resident_certificate(f"{letter}{second}{seven}{good}")
    assert not ids.is_resident_certificate(f"{letter}{second}{seven}{(good + 3) % 10}")


@given(st.text(max_size=12))
def test_identifier_checks_never_crash(text):
    for check in (ids.is_national_id, ids.is_resident_certificate, ids.is_business_number):
        assert check(text) in (True, False)


# 統一編號: weights 1,2,1,2,1,2,4,1; products' digits summed; since 2023 the sum must be
# divisible by 5 (was 10); a 7th digit of 7 lets the sum or sum + 1 qualify.
def reference_ubn(number: str) -> bool:
    if len(number) != 8 or not number.isdigit():
        return False
    products = [int(d) * w for d, w in zip(number, [1, 2, 1, 2, 1, 2, 4, 1], strict=True)]
    total = sum(p // 10 + p % 10 for p in products)
    if number[6] == "7":
        return total % 5 == 0 or (total + 1) % 5 == 0
    return total % 5 == 0


@pytest.mark.parametrize("value", ["22099131", "04595257", "10458575", "00501503"])
def test_known_valid_business_numbers(value):
    assert ids.is_business_number(value)


@pytest.mark.parametrize("value", ["22099132", "0459525", "045952570", "ABCDEFGH", "", "2209913x"])
def test_known_invalid_business_numbers(value):
    assert not ids.is_business_number(value)


def test_business_number_divisible_by_five_rule_of_2023():
    # digit sums 7+0+0+0+8+(1+6)+4+9 = 35: divisible by 5, not by 10 — valid since 2023.
    assert reference_ubn("70008819")
    assert ids.is_business_number("70008819")


@given(st.text(alphabet=string.digits, min_size=8, max_size=8))
def test_every_number_valid_before_2023_is_still_valid(number):
    from stdnum.tw import ubn  # the pre-2023 (divisible by 10) rule

    if ubn.is_valid(number):
        assert ids.is_business_number(number)


@given(st.text(alphabet=string.digits, min_size=8, max_size=8))
def test_business_number_matches_reference(number):
    assert ids.is_business_number(number) == reference_ubn(number)


@pytest.mark.parametrize("value", ["/ABC+123", "/1234567", "/A.B-C+D"])
def test_mobile_barcode_carrier_valid(value):
    assert ids.is_mobile_barcode_carrier(value)


@pytest.mark.parametrize("value", ["ABC+1234", "/abc1234", "/123456", "/12345678", "/ABC 123", ""])
def test_mobile_barcode_carrier_invalid(value):
    assert not ids.is_mobile_barcode_carrier(value)


@given(st.text(alphabet=string.digits + string.ascii_uppercase + ".+-", min_size=7, max_size=7))
def test_mobile_barcode_carrier_property(body):
    assert ids.is_mobile_barcode_carrier("/" + body)
    assert not ids.is_mobile_barcode_carrier(body)


def test_citizen_certificate_carrier():
    assert ids.is_citizen_certificate_carrier("AB12345678901234")
    for bad in ["A123456789012345", "ab12345678901234", "AB1234567890123", "AB123456789012345"]:
        assert not ids.is_citizen_certificate_carrier(bad)


@given(st.integers(min_value=100, max_value=9_999_999))
def test_donation_codes_are_three_to_seven_digits(code):
    assert ids.is_donation_code(str(code))


@pytest.mark.parametrize("value", ["12", "12345678", "12a4", "", " 123"])
def test_donation_code_invalid(value):
    assert not ids.is_donation_code(value)


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=30))
def test_account_names_shaped_like_an_id_are_detected(text):
    shaped = len(text) == 10 and text[0].isalpha() and (text[1] in "1289" or text[1].upper() in "ABCD")
    shaped = shaped and text[2:].isdigit()
    assert ids.looks_like_personal_id(text) == shaped
