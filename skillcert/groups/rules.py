"""Pure rules of group registration 團報 (SPEC §8; brochure 115 §3.2–3.3)."""

import secrets

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
