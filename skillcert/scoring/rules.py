"""Pass and certification rules, pure: plain values in, plain values out, no database.

Brochure SPE 115 §4.2 授證資格 (MDMT 113 §4.2 says the same):
- 考科及格標準: every subject is scored out of 100, rounded half up to an integer (四捨五入取整數);
  70 or more is a pass.
- 授證資格 1 (same sitting): all subjects of the level taken in the same sitting, their average ≥70
  and no subject below 60 — 68+72 certifies; 58+82 and 70+60 do not (the school slides' examples).
  The average is of the rounded integer scores and is not itself rounded.
- 授證資格 2 (kept passes): subjects not all taken in the same sitting: every subject ≥70.
- 成績保留: a pass (≥70) is kept 三年度 from the exam: until 31 December of the exam year + 3
  (115/05/23 → 118/12/31; 115/11/14 → 118/12/31).
- A level may have several certification paths (SPE 初級: A 考科1+考科2, B 考科1+考科3); any one
  path certifies. 已取得該級等證書者，適用於成績保留，但不得重覆取證: the caller passes
  `already_certified` and no second certification is reported.

The numbers (70/70/60/3) are the level's data (Level.pass_mark, average_mark, floor_mark,
kept_pass_years), passed in as `Thresholds`. Subjects are identified by their code (L11 …), which
is stable across brochure years of the same item.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.utils.translation import gettext as _

from skillcert.core import clock

SAME_SITTING = "same_sitting"
KEPT_PASSES = "kept_passes"


@dataclass(frozen=True)
class Thresholds:
    pass_mark: int = 70
    average_mark: int = 70
    floor_mark: int = 60
    kept_pass_years: int = 3

    @classmethod
    def of(cls, level) -> "Thresholds":
        return cls(level.pass_mark, level.average_mark, level.floor_mark, level.kept_pass_years)


@dataclass(frozen=True)
class SubjectResult:
    """One subject's final integer score in one sitting. `score=None`: absent, no score
    (communicating) or disqualified — it counts for nothing."""

    code: str
    score: int | None
    sitting: int
    exam_date: dt.date


@dataclass(frozen=True)
class Path:
    name: str
    codes: frozenset[str]


@dataclass(frozen=True)
class Decision:
    certified: bool
    path: str = ""
    rule: str = ""
    sitting: int | None = None
    # When not certified: per path, the subject codes that still lack a kept pass.
    missing: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)
    already_certified: bool = False
    decided_on: dt.date | None = None


def kept_until(exam_date: dt.date, kept_pass_years: int = 3) -> dt.date:
    """成績保留: a pass from `exam_date` is kept until 31 Dec of the exam year + N (§4.2)."""
    return dt.date(exam_date.year + kept_pass_years, 12, 31)


def is_pass(score: int | None, thresholds: Thresholds = Thresholds()) -> bool:
    """考科及格標準: ≥ pass mark (70)."""
    return score is not None and score >= thresholds.pass_mark


def is_kept(result: SubjectResult, on: dt.date, thresholds: Thresholds = Thresholds()) -> bool:
    """A pass that is still kept on `on` (from its exam day to 31 Dec of exam year + N)."""
    return is_pass(result.score, thresholds) and result.exam_date <= on <= kept_until(
        result.exam_date, thresholds.kept_pass_years
    )


def same_sitting_certifies(scores: Iterable[int | None], thresholds: Thresholds = Thresholds()) -> bool:
    """授證資格 1: average of the integer scores ≥ average mark (unrounded), none below the floor."""
    values = list(scores)
    if not values or any(score is None for score in values):
        return False
    return min(values) >= thresholds.floor_mark and Fraction(sum(values), len(values)) >= thresholds.average_mark


def _same_sitting(results, path: Path, thresholds: Thresholds) -> int | None:
    """The latest sitting in which every subject of `path` was taken and rule 1 holds."""
    by_sitting: dict[int, dict[str, SubjectResult]] = {}
    for result in results:
        if result.code in path.codes:
            by_sitting.setdefault(result.sitting, {})[result.code] = result
    found = [
        (max(r.exam_date for r in taken.values()), sitting)
        for sitting, taken in by_sitting.items()
        if set(taken) == path.codes and same_sitting_certifies((r.score for r in taken.values()), thresholds)
    ]
    return max(found)[1] if found else None


def decide(
    *,
    results: Iterable[SubjectResult],
    paths: Iterable[Path],
    on: dt.date,
    thresholds: Thresholds = Thresholds(),
    already_certified: bool = False,
) -> Decision:
    """Is the level certified on `on`? Any path, by rule 1 (same sitting) or rule 2 (kept passes).

    Results from sittings after `on` are ignored. Rule 1 needs no keeping period: a sitting
    that met it certified the level then; rule 2 needs every pass still kept on `on`."""
    results = [r for r in results if r.exam_date <= on]
    paths = sorted(paths, key=lambda p: p.name)
    kept_codes = {r.code for r in results if is_kept(r, on, thresholds)}
    for path in paths:
        sitting = _same_sitting(results, path, thresholds)
        if sitting is not None:
            return Decision(True, path.name, SAME_SITTING, sitting, (), already_certified, on)
    for path in paths:
        if path.codes and path.codes <= kept_codes:
            latest = max(
                (r for r in results if r.code in path.codes and is_kept(r, on, thresholds)), key=lambda r: r.exam_date
            )
            return Decision(True, path.name, KEPT_PASSES, latest.sitting, (), already_certified, on)
    missing = tuple((path.name, tuple(sorted(path.codes - kept_codes))) for path in paths)
    return Decision(False, missing=missing, already_certified=already_certified, decided_on=on)


def decide_over_sittings(
    *,
    results: Iterable[SubjectResult],
    paths: Iterable[Path],
    on: dt.date,
    thresholds: Thresholds = Thresholds(),
    already_certified: bool = False,
) -> Decision:
    """Certification once gained stays gained: the level is certified if it was certified on the
    day of any sitting up to `on` (a pass that expired later does not undo it). If never, the
    decision on `on` says what is still missing today."""
    results = list(results)
    paths = list(paths)
    decision = None
    days = sorted({r.exam_date for r in results if r.exam_date <= on})
    for day in days:
        decision = decide(
            results=results, paths=paths, on=day, thresholds=thresholds, already_certified=already_certified
        )
        if decision.certified:
            return decision
    # Same results as on the last sitting day; only expiry could differ (a shortcut for speed).
    if decision is not None and all(
        kept_until(r.exam_date, thresholds.kept_pass_years) >= on for r in results if r.exam_date <= on
    ):
        return replace(decision, decided_on=on)
    return decide(results=results, paths=paths, on=on, thresholds=thresholds, already_certified=already_certified)


def missing_text(missing, *, labels: dict[str, str], thresholds: Thresholds = Thresholds()) -> str:
    """What is still needed, in plain zh-Hant, e.g.
    「考科2 或 考科3 尚須 70 分以上（或同梯次平均 70 分且單科不低於 60 分）」.

    `labels` maps a subject code to how the candidate knows it (考科2 …). Alternatives (one per
    path) are joined with 或; the subjects one path still lacks with 及."""
    options: list[tuple[str, ...]] = []
    for _name, codes in missing:
        names = tuple(labels.get(code, code) for code in codes)
        if names and names not in options:
            options.append(names)
    if not options:
        return ""
    texts = [_(" 及 ").join(names) for names in options]
    joined = (_(" 或 ") if all(len(names) == 1 for names in options) else _("；或 ")).join(texts)
    return _("%(subjects)s 尚須 %(pass)s 分以上（或同梯次平均 %(avg)s 分且單科不低於 %(floor)s 分）") % {
        "subjects": joined,
        "pass": thresholds.pass_mark,
        "avg": thresholds.average_mark,
        "floor": thresholds.floor_mark,
    }


def review_window(
    *, published_on: dt.date, opens: dt.date | None, closes: dt.date | None, days_from_publication: int | None
) -> tuple[dt.date, dt.date] | None:
    """成績複查申請期間 (§5.1, 附錄五 一): the session's own dates, or N days counted from
    the publication day inclusive (SPE 115: 成績公告(含)起 2 日內 → 06/12–06/13)."""
    if opens and closes:
        return opens, closes
    if days_from_publication:
        return published_on, published_on + dt.timedelta(days=days_from_publication - 1)
    return None


def dispute_online_open(*, today: dt.date, opens: dt.date | None, closes: dt.date | None) -> bool:
    """附錄六 二: online filing only where the brochure gives a window (MDMT 113: 05/20–05/22)."""
    return bool(opens and closes) and clock.Window.days(opens, closes).contains_day(today)
