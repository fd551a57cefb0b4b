"""Pure rules of the item bank and test forms (issue 11), tested without a database.

- 單選題: an item has 2–6 options and exactly one correct option (SPEC: every CBT subject is
  單選題 100%).
- Assembly is deterministic given a seed: the same bank and seed give the same form.
- Option order per candidate is a permutation derived from the form's secret, the
  registration and the question, so the server can rebuild it at any time and the key never
  travels to the browser. Responses are stored in the form's own letters (the canonical
  order), so the key, disputes and rulings stay those of the form."""

import hashlib
import random
from collections.abc import Sequence
from string import ascii_uppercase

from django.utils.translation import gettext as _

MIN_OPTIONS, MAX_OPTIONS = 2, 6
LETTERS = ascii_uppercase[:MAX_OPTIONS]


def option_problems(options: Sequence[str], correct: int | None) -> list[str]:
    """What is wrong with a single-choice item's options (empty list: fine)."""
    problems = []
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        problems.append(_("選項須有 %(min)s 至 %(max)s 個。") % {"min": MIN_OPTIONS, "max": MAX_OPTIONS})
    if any(not str(text).strip() for text in options):
        problems.append(_("選項內容不可空白。"))
    if len({str(text).strip() for text in options}) != len(options):
        problems.append(_("選項內容不可重複。"))
    if correct is None or not 0 <= correct < len(options):
        problems.append(_("須指定一個正確選項。"))
    return problems


def letter(index: int) -> str:
    return LETTERS[index]


def _rng(*parts) -> random.Random:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def pick(candidates: Sequence[int], count: int, *, seed: int, cell: str) -> list[int]:
    """`count` of the candidate ids (sorted first, so database order does not matter), the
    same for the same seed and cell. The caller checks there are enough."""
    return _rng(seed, cell).sample(sorted(candidates), count)


def option_order(*, secret: str, registration: int, position: int, size: int, shuffle: bool) -> tuple[int, ...]:
    """The canonical option indexes in the order candidate `registration` sees them on
    question `position`: displayed slot i shows canonical option order[i]."""
    order = list(range(size))
    if shuffle:
        _rng(secret, registration, position).shuffle(order)
    return tuple(order)


def displayed_to_canonical(order: Sequence[int], displayed_letter: str) -> str:
    """The form's letter of the option shown in slot `displayed_letter` ('' stays 不作答)."""
    if not displayed_letter:
        return ""
    return letter(order[LETTERS.index(displayed_letter)])


def canonical_to_displayed(order: Sequence[int], canonical_letter: str) -> str:
    return letter(order.index(LETTERS.index(canonical_letter)))
