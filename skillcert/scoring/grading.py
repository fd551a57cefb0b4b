"""Turning what happened on exam day into a subject's integer score (SPEC §9–10), pure.

- 四捨五入取整數 through `core.money.round_half_up`, the one rounding function.
- 缺考, 不予計分 (communicating) and 取消應考資格 (fraud): no score.
- Phone ringing: 5–20 points off that subject, after rounding, never below 0.
- CBT: one point value per question; a response scores when it is one of the key's options,
  or when the committee ruled that everyone gets the points (附錄六 三(二)(2))."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from skillcert.core.money import round_half_up

MAX_SCORE = 100


def final_score(
    *, raw: Decimal | int | str | None, present: bool, deduction: int = 0, voided: bool = False
) -> int | None:
    if not present or voided or raw is None:
        return None
    return max(0, min(MAX_SCORE, round_half_up(raw)) - deduction)


@dataclass(frozen=True)
class KeyItem:
    options: str
    points: Decimal
    everyone_scores: bool = False

    def scores(self, answer: str) -> bool:
        return self.everyone_scores or (len(answer) == 1 and answer in self.options)


def grade(answers: Mapping[int, str], key: Mapping[int, KeyItem]) -> Decimal:
    """Raw score of one candidate's responses against the answer key (unanswered scores 0)."""
    return sum((item.points for question, item in key.items() if item.scores(answers.get(question, ""))), Decimal(0))


def normalise_options(text: str) -> str:
    """'a, c' → 'AC': the canonical way an answer key stores its correct option(s)."""
    letters = sorted({ch for ch in text.upper() if ch.isalpha()})
    return "".join(letters)
