"""Virtual account numbers 虛擬帳號 with a check digit bound to the amount (SPEC §6;
brochures §6.1: "一組帳號僅供一次性使用 … 金額需正確").

Taiwanese banks' fee-collection (代收) accounts carry a check digit computed over the account
AND the amount, so that the bank refuses a transfer whose amount or number is wrong. Ours:

    number = PREFIX (5 digits) + SERIAL (8 digits) + CHECK (1 digit)        → 14 digits

    PREFIX  the company collection code the bank assigned ("96017"; a constant here)
    SERIAL  unique per account: 10 × (account row id) + j, j ∈ 0..9 (see `serial_for`)
    CHECK   S mod 11, where
              S = Σ WEIGHTS[i] · d[i]   over the 13 digits of PREFIX+SERIAL
                  + AMOUNT_WEIGHT · amount          (amount: integer NTD)
            WEIGHTS = 2,3,4,5,6,7,8,9,2,3,4,5,6 (left to right), AMOUNT_WEIGHT = 7.
            A serial whose S mod 11 is 10 has no one-digit check for that amount and is not
            used (`serial_for` moves to the next j; at most one j in 0..9 is skipped because
            the last serial digit's weight, 6, is invertible mod 11).

What the check guarantees (proved below, tested in tests/payments/test_numbering.py with
Hypothesis). For an account issued for amount A:
  1. Any change of exactly one of the 14 digits is detected (for the same amount):
     digit i changes S by WEIGHTS[i]·δ with 0 < |δ| ≤ 9; 11 is prime and no weight is
     0 mod 11, so the product is never 0 mod 11. A changed check digit fails trivially.
  2. Any swap of two adjacent unequal digits is detected: the change is (w_a − w_b)(x − y),
     and adjacent weights differ mod 11; the last serial digit and the check digit change
     the equation by (w_13 + 1)(x − y) = 7(x − y) ≢ 0.
  3. A different amount A' (same number) is detected if and only if A' ≢ A (mod 11):
     S changes by 7·(A' − A), and 7 is invertible mod 11. So every amount within ±10 of A,
     every one-digit change of the amount's decimal digits (δ·10^k, and 10 ≡ −1 mod 11) and
     every swap of two adjacent digits of the amount (9·10^k·(x − y)) is detected; an amount
     differing by a multiple of 11 (1,200 vs 1,211) is NOT — no single digit can catch all.
  Import compares the amount with the issued account as well, so a multiple-of-11 difference
  still lands in the exception queue as an under/over payment.
"""

PREFIX = "96017"
SERIAL_DIGITS = 8
NUMBER_LENGTH = len(PREFIX) + SERIAL_DIGITS + 1
WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6)
AMOUNT_WEIGHT = 7
MODULUS = 11
MAX_SERIAL = 10**SERIAL_DIGITS - 1


class NoCheckDigit(ValueError):
    """This serial has no one-digit check for this amount (S mod 11 = 10); use another."""


def _check_value(body: str, amount: int) -> int:
    total = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, body, strict=True))
    return (total + AMOUNT_WEIGHT * amount) % MODULUS


def va_number_make(*, serial: int, amount: int) -> str:
    """The 14-digit account number for `serial` and `amount`; raises NoCheckDigit when this
    serial cannot carry this amount (then take the next serial)."""
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial out of range: {serial}")
    if amount < 0:
        raise ValueError("amount must not be negative")
    body = f"{PREFIX}{serial:0{SERIAL_DIGITS}d}"
    check = _check_value(body, amount)
    if check == 10:
        raise NoCheckDigit(serial)
    return f"{body}{check}"


def va_number_check(*, number: str, amount: int) -> bool:
    """True when `number` is one of ours (prefix, length, digits) and its check digit fits
    `amount`. Pure: says nothing about whether such an account was issued."""
    number = (number or "").strip()
    if (
        len(number) != NUMBER_LENGTH
        or not (number.isascii() and number.isdigit())
        or not number.startswith(PREFIX)
        or amount < 0
    ):
        return False
    return _check_value(number[:-1], amount) == int(number[-1])


def serial_for(*, base: int, amount: int) -> tuple[int, str]:
    """A usable serial for account row `base` (10·base + j, first j that has a check digit)
    and its number. Distinct bases never share a serial, so numbers are unique by construction."""
    for j in range(10):
        serial = base * 10 + j
        try:
            return serial, va_number_make(serial=serial, amount=amount)
        except NoCheckDigit:
            continue
    raise AssertionError("unreachable: at most one j in 0..9 lacks a check digit")  # pragma: no cover
