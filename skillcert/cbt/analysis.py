"""Item analysis of a delivered form (issue 11), for the disputed-question committee: per
question the facility p (share answering correctly), discrimination as the corrected
point-biserial (the item against the total of the other items) and the upper–lower 27% index
(p in the top 27% by total minus p in the bottom 27%), how often each option was chosen (in
the form's letters; '' = 不作答), how often it was flagged 註記, and the mean seconds spent.
Negative discrimination is marked. Submitted attempts only; the statistics are pure functions."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import rules
from .models import Answer, Attempt, TestForm

UPPER_LOWER_FRACTION = 0.27


def point_biserial(item: list[int], totals: list[float]) -> float | None:
    """Pearson correlation of a 0/1 item score with the totals (None if either is constant)."""
    if len(item) < 2 or len(set(item)) < 2 or len(set(totals)) < 2:
        return None
    return statistics.correlation([float(x) for x in item], [float(t) for t in totals])


def upper_lower(item: list[int], totals: list[float], fraction: float = UPPER_LOWER_FRACTION) -> float | None:
    """p(upper group) − p(lower group), the groups being the top and bottom `fraction` by total."""
    size = max(1, round(len(item) * fraction))
    if len(item) < 2 * size:
        return None
    ranked = [score for _total, score in sorted(zip(totals, item, strict=True), key=lambda pair: pair[0])]
    return sum(ranked[-size:]) / size - sum(ranked[:size]) / size


@dataclass(frozen=True)
class ItemStats:
    position: int
    code: str
    key: str
    p: float
    point_biserial: float | None
    upper_lower: float | None
    choices: dict  # letter ('' = 不作答) → share
    flag_rate: float
    mean_seconds: float

    @property
    def negative(self) -> bool:
        return any(value is not None and value < 0 for value in (self.point_biserial, self.upper_lower))


def form_item_analysis(*, form: TestForm) -> tuple[int, list[ItemStats]]:
    """(number of submitted attempts, one ItemStats per question in form order)."""
    keys = {
        position: (rules.letter(correct), code, len(options))
        for position, correct, code, options in form.items.values_list(
            "position", "version__correct", "version__item__code", "version__options"
        )
    }
    rows = Answer.objects.filter(attempt__form=form, attempt__status=Attempt.Status.SUBMITTED).values_list(
        "attempt_id", "position", "choice", "flagged", "seconds"
    )
    by_attempt: dict[int, dict[int, tuple]] = defaultdict(dict)
    for attempt_id, position, choice, flagged, seconds in rows:
        by_attempt[attempt_id][position] = (choice, flagged, seconds)
    attempts = sorted(by_attempt)
    correct = {
        position: [int(by_attempt[a].get(position, ("",))[0] == key) for a in attempts]
        for position, (key, _code, _size) in keys.items()
    }
    totals = [sum(correct[position][i] for position in keys) for i in range(len(attempts))]
    found = []
    for position in sorted(keys):
        key, code, size = keys[position]
        item = correct[position]
        rest = [total - score for total, score in zip(totals, item, strict=True)]
        answers = [by_attempt[a].get(position, ("", False, 0)) for a in attempts]
        counts = Counter(choice for choice, _f, _s in answers)
        n = len(attempts) or 1
        found.append(
            ItemStats(
                position=position,
                code=code,
                key=key,
                p=sum(item) / n,
                point_biserial=point_biserial(item, rest),
                upper_lower=upper_lower(item, totals),
                choices={letter: counts.get(letter, 0) / n for letter in (*rules.LETTERS[:size], "")},
                flag_rate=sum(1 for _c, flagged, _s in answers if flagged) / n,
                mean_seconds=sum(seconds for _c, _f, seconds in answers) / n,
            )
        )
    return len(attempts), found
