"""考試通知碼 admission numbers: one per registration of a sitting, issued once and never changed.

Format: the sitting's number (ExamSession pk, at least five digits), the registration's
sequence within the sitting (five digits, from 00001 in issue order), and one check character
by ISO 7064 MOD 11-2 (python-stdnum `iso7064.mod_11_2`: 0-9 or X), e.g. `00012 00345 3`
printed, `00012003453` stored. MOD 11-2 is a pure system with prime modulus 11, so it catches
every single-character error and every transposition of two adjacent characters, the check
character included: two numbers of one sitting differ in the sequence, and a number typed with
one slip is refused rather than matched to somebody else (tests/examday/test_admission.py checks
all of them for sample numbers). Score and response files are keyed by this number (and still
by national ID): `normalise` is what the importers apply to the cell first."""

from stdnum.iso7064 import mod_11_2

SEQUENCE_DIGITS = 5
SESSION_DIGITS = 5


def admission_number(*, session_id: int, sequence: int) -> str:
    if not 1 <= sequence < 10**SEQUENCE_DIGITS:
        raise ValueError(f"sequence {sequence} out of range")
    body = f"{session_id:0{SESSION_DIGITS}d}{sequence:0{SEQUENCE_DIGITS}d}"
    return body + mod_11_2.calc_check_digit(body)


def normalise(value: str) -> str:
    """What a person or a spreadsheet typed, without spaces and dashes, upper case (a national
    ID passes through unchanged apart from case)."""
    return "".join(value.split()).replace("-", "").upper()


def is_valid(value: str) -> bool:
    number = normalise(value)
    body = number[:-1]
    if len(number) < SESSION_DIGITS + SEQUENCE_DIGITS + 1 or not body.isdigit():
        return False
    return mod_11_2.is_valid(number)


def sequence_of(number: str) -> int:
    """The sequence part of a valid admission number."""
    return int(number[-1 - SEQUENCE_DIGITS : -1])


def printed(number: str) -> str:
    """Grouped for the notice and the desk label: sitting, sequence, check."""
    return f"{number[: -1 - SEQUENCE_DIGITS]} {number[-1 - SEQUENCE_DIGITS : -1]} {number[-1]}"
