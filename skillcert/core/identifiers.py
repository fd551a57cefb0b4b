"""Taiwanese identifiers: national ID, resident certificates, 統一編號, invoice carriers.

Pure functions, tested with known numbers and Hypothesis (tests/core/test_identifiers.py).
"""

import re

# Letter → two-digit area code used by national ID and resident certificate checksums.
LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1)

NATIONAL_ID_RE = re.compile(r"^[A-Z][12]\d{8}$")
RESIDENT_NEW_RE = re.compile(r"^[A-Z][89]\d{8}$")  # 2021 format: same shape as a national ID
RESIDENT_OLD_RE = re.compile(r"^[A-Z][A-D]\d{8}$")  # before 2021: two letters


def _checksum_ok(first_letter: str, second_value: int, digits: str) -> bool:
    area = LETTER_CODES[first_letter]
    total = area // 10 + (area % 10) * 9 + second_value * _WEIGHTS[0]
    total += sum(int(d) * w for d, w in zip(digits[:7], _WEIGHTS[1:], strict=True))
    total += int(digits[7])
    return total % 10 == 0


def normalise(value: str) -> str:
    return (value or "").strip().upper()


def is_national_id(value: str) -> bool:
    value = normalise(value)
    if not NATIONAL_ID_RE.match(value):
        return False
    return _checksum_ok(value[0], int(value[1]), value[2:])


def is_resident_certificate(value: str) -> bool:
    """居留證 / 統一證號: the 2021 format (A800000014) or the old two-letter one (AC01234567)."""
    value = normalise(value)
    if RESIDENT_NEW_RE.match(value):
        return _checksum_ok(value[0], int(value[1]), value[2:])
    if RESIDENT_OLD_RE.match(value):
        return _checksum_ok(value[0], LETTER_CODES[value[1]] % 10, value[2:])
    return False


def is_personal_id(value: str) -> bool:
    return is_national_id(value) or is_resident_certificate(value)


def looks_like_personal_id(value: str) -> bool:
    """Shape only: used to refuse account names that are (or look like) an ID number."""
    value = normalise(value)
    return bool(NATIONAL_ID_RE.match(value) or RESIDENT_NEW_RE.match(value) or RESIDENT_OLD_RE.match(value))


_UBN_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


def is_business_number(value: str) -> bool:
    """統一編號: the weighted digit sum must be divisible by 5 — the 2023 rule of the Ministry
    of Finance; every older number (divisible by 10) still passes. When the 7th digit is 7, its
    product 28 counts as 10 or as 1, so either sum may be divisible. python-stdnum 2.2 still
    requires divisibility by 10, hence our own check (tests compare both on old numbers)."""
    value = (value or "").strip()
    if not re.fullmatch(r"\d{8}", value):
        return False
    total = 0
    for digit, weight in zip(value, _UBN_WEIGHTS, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    if value[6] == "7":
        return total % 5 == 0 or (total + 1) % 5 == 0
    return total % 5 == 0


MOBILE_CARRIER_RE = re.compile(r"^/[0-9A-Z.+-]{7}$")
CITIZEN_CARRIER_RE = re.compile(r"^[A-Z]{2}\d{14}$")
DONATION_CODE_RE = re.compile(r"^\d{3,7}$")


def is_mobile_barcode_carrier(value: str) -> bool:
    """手機條碼載具: '/' followed by 7 of 0-9, A-Z, '.', '+', '-'."""
    return bool(MOBILE_CARRIER_RE.match(value or ""))


def is_citizen_certificate_carrier(value: str) -> bool:
    """自然人憑證載具: two capital letters and 14 digits."""
    return bool(CITIZEN_CARRIER_RE.match(value or ""))


def is_donation_code(value: str) -> bool:
    """捐贈碼 (愛心碼): 3 to 7 digits."""
    return bool(DONATION_CODE_RE.match(value or ""))
