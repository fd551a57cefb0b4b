"""Pure rules of group registration 團報 (SPEC §8; brochure 115 §3.2–3.3)."""

import secrets

from django.utils.translation import gettext as _

from skillcert.catalog.models import SubjectKind

# SPEC §8: a dedicated venue 專屬考場 needs at least this many candidates of the group.
DEDICATED_VENUE_MINIMUM = {"written": 120, "practical": 20}
# No 0/O, 1/I/L: codes are read aloud and typed from a slide.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def discount_code_new() -> str:
    """An unguessable group discount code: 10 characters from 31 (≈ 49 bits), e.g. G7KQ-M3XP-TA.
    Uniqueness is the database's job (unique constraint)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def dedicated_venue_allowed(*, kind: str, candidates: int) -> bool:
    """SPEC §8: written ≥120 candidates (the group provides a compliant computer room), practical ≥20."""
    return candidates >= DEDICATED_VENUE_MINIMUM[kind]


def remittance_outcome(*, amount: int, due: int) -> str:
    """SPEC §6 group: 'exact' pays every unpaid registration; otherwise finance chooses."""
    if amount == due:
        return "exact"
    return "under" if amount < due else "over"


def recharge_refusal(*, offered: bool, exam_year: int, this_year: int) -> str | None:
    """iPAS x 人培再充電 (brochure 113 §3.3 備註6): trainees sit free the written subjects of that
    year's sittings of an item whose fee table has the plan (SPE 115 has none), registered by
    the course organiser. Why a course organiser may not register this sitting, or None."""
    if not offered:
        return _("本鑑定級等沒有 iPAS x 人培再充電方案，課程辦理單位無法登記本梯次。")
    if exam_year != this_year:
        return _("人培再充電學員僅能免費報考當年度（%(year)s 年）的梯次。") % {"year": this_year}
    return None


def recharge_subjects_refusal(kinds) -> str | None:
    """再充電 covers written subjects only: a row with a practical subject is refused."""
    if any(kind != SubjectKind.WRITTEN for kind in kinds):
        return _("人培再充電方案僅可免費報考學科考科，請刪除術科考科。")
    return None
