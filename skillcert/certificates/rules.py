"""Pure certificate rules (no database): numbers, validity, renewal window, display status.

Certificate number 證書字號 — `SPE-115-L1-000123-K`:
  item code (letters and digits of Item.code, upper case) · ROC year of issue · level rank ·
  six-digit serial, counted per item + ROC year + rank from 000001 without gaps · one check
  character (Luhn mod 36 over the preceding letters and digits; catches any single mistyped
  character and most swapped neighbours, so the verification page can say 'not a number').
"""

import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from stdnum import luhn

from skillcert.core import clock

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NUMBER_PATTERN = re.compile(r"^([A-Z0-9]+)-(\d{3})-L(\d)-(\d{6})-([0-9A-Z])$")
RENEWAL_WINDOW_MONTHS = 3
RENEWAL_RECORD_YEARS = 5
# 授證資格臨時證明: brochure 證書寄發 'from 07/31, mailed in turn'; the proof stays printable a
# month after mailing starts so that nobody still waiting is left without one.
TEMPORARY_PROOF_GRACE_DAYS = 30


def check_character(payload: str) -> str:
    """Luhn mod N (N=36) check character over `payload` (letters and digits): python-stdnum's
    `luhn` with our alphabet (the same characters as the hand-written version it replaced, so
    every number issued before still verifies; tests/certificates/test_rules.py)."""
    return luhn.calc_check_digit(payload, alphabet=ALPHABET)


def item_prefix(item_code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", item_code.upper())[:8] or "X"


def format_number(*, item_code: str, roc_year: int, rank: int, serial: int) -> str:
    """證書字號 from its parts (see the module docstring)."""
    prefix = item_prefix(item_code)
    body = f"{prefix}{roc_year:03d}L{rank}{serial:06d}"
    return f"{prefix}-{roc_year:03d}-L{rank}-{serial:06d}-{check_character(body)}"


def normalise_number(text: str) -> str:
    """What a person typed → the stored form (upper case, no spaces, full-width folded)."""
    text = (text or "").strip().upper().replace("－", "-").replace("—", "-")
    text = text.translate({ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"})
    return re.sub(r"\s+", "", text)


def is_well_formed(number: str) -> bool:
    match = NUMBER_PATTERN.match(number)
    if not match:
        return False
    prefix, year, rank, serial, check = match.groups()
    return check_character(f"{prefix}{year}L{rank}{serial}") == check


def valid_until(valid_from: dt.date, years: int | None) -> dt.date | None:
    """Brochure 115 §4.3-1: 初級 永久有效 (None); 中級 5 years, e.g. 114/05/01 → 119/04/30."""
    if years is None:
        return None
    return valid_from + relativedelta(years=years) - dt.timedelta(days=1)


def renewal_window(until: dt.date) -> tuple[dt.date, dt.date]:
    """換證期限: the last three months before expiry (114/05/01~119/04/30 → 119/02/01~119/04/30)."""
    return until + dt.timedelta(days=1) - relativedelta(months=RENEWAL_WINDOW_MONTHS), until


def in_renewal_window(until: dt.date | None, today: dt.date) -> bool:
    if until is None:
        return False
    return clock.Window.days(*renewal_window(until)).contains_day(today)


def renewal_record_period(valid_from: dt.date, until: dt.date) -> tuple[dt.date, dt.date]:
    """Training counts when done within the certificate's validity (附錄四-1 '於證書有效日期')."""
    return valid_from, until


def renewal_hours_enough(hours: int, required: int) -> bool:
    """換發資格: related training of 48 hours or more (Level.renewal_training_hours) in 5 years."""
    return hours >= required


def display_status(status: str, until: dt.date | None, today: dt.date) -> str:
    """What the verification page says: valid, expired (derived), replaced or revoked."""
    if status == "valid" and until is not None and today > until:
        return "expired"
    return status


def proof_until(mailed_from: dt.date | None) -> dt.date | None:
    if mailed_from is None:
        return None
    return mailed_from + dt.timedelta(days=TEMPORARY_PROOF_GRACE_DAYS)


def mask_name(name: str) -> str:
    """王小明 → 王○明; 王明 → 王○ (the QR page shows only enough to compare with the paper)."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "○"
    return name[0] + "○" * (len(name) - 2) + name[-1]
