"""The certification rules of brochure §4.2, with every example of the brochures and the slides."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from skillcert.scoring import rules
from skillcert.scoring.rules import Path, SubjectResult, decide, kept_until, missing_text

MDMT = [Path("A", frozenset({"L11", "L12"}))]
SPE = [Path("A", frozenset({"L11", "L12"})), Path("B", frozenset({"L11", "L13"}))]
EXAM = dt.date(2026, 5, 23)  # 115/05/23
LATER = dt.date(2026, 11, 14)  # 115/11/14
ON = dt.date(2026, 6, 12)


def sitting(scores: dict[str, int | None], *, n=1, day=EXAM):
    return [SubjectResult(code, score, n, day) for code, score in scores.items()]


def test_slides_case_1_68_and_72_certifies_by_average():
    decision = decide(results=sitting({"L11": 68, "L12": 72}), paths=MDMT, on=ON)
    assert decision.certified and decision.rule == rules.SAME_SITTING and decision.path == "A"


def test_slides_case_2_58_and_82_does_not_certify_below_floor():
    assert not decide(results=sitting({"L11": 58, "L12": 82}), paths=MDMT, on=ON).certified


def test_slides_case_3_70_and_60_does_not_certify_average_65():
    decision = decide(results=sitting({"L11": 70, "L12": 60}), paths=MDMT, on=ON)
    assert not decision.certified
    # The 70 is a pass and is kept; only 考科2 is missing.
    assert decision.missing == (("A", ("L12",)),)


def test_average_is_not_rounded():
    # 69 + 70 = 69.5 on average: not 70.
    assert not decide(results=sitting({"L11": 69, "L12": 70}), paths=MDMT, on=ON).certified


def test_kept_until_examples_of_both_brochures():
    assert kept_until(dt.date(2026, 5, 23)) == dt.date(2029, 12, 31)  # 115/05/23 → 118/12/31
    assert kept_until(dt.date(2026, 11, 14)) == dt.date(2029, 12, 31)  # 115/11/14 → 118/12/31
    assert kept_until(dt.date(2016, 5, 1)) == dt.date(2019, 12, 31)  # 105/05/01 → 108/12/31
    assert kept_until(dt.date(2016, 12, 1)) == dt.date(2019, 12, 31)


def test_pass_from_115_05_23_is_kept_on_118_12_31_and_gone_on_119_01_01():
    first = sitting({"L11": 80, "L12": 50})
    second_day = dt.date(2029, 12, 31)
    second = sitting({"L12": 75}, n=2, day=dt.date(2029, 11, 14))
    assert decide(results=first + second, paths=MDMT, on=second_day).certified
    assert decide(results=first + second, paths=MDMT, on=second_day).rule == rules.KEPT_PASSES
    decision = decide(results=first + second, paths=MDMT, on=dt.date(2030, 1, 1))
    assert not decision.certified
    assert decision.missing == (("A", ("L11",)),)


def test_spe_beginner_certifies_via_subjects_1_and_3():
    decision = decide(results=sitting({"L11": 66, "L13": 74}), paths=SPE, on=ON)
    assert decision.certified and decision.path == "B"


def test_spe_beginner_kept_pass_of_1_then_3_in_a_later_sitting():
    results = sitting({"L11": 90, "L12": 40}) + sitting({"L13": 70}, n=2, day=LATER)
    decision = decide(results=results, paths=SPE, on=LATER)
    assert decision.certified and decision.path == "B" and decision.rule == rules.KEPT_PASSES


def test_same_sitting_rule_needs_every_subject_of_the_path_in_that_sitting():
    # 考科1 65 in sitting 1, 考科2 75 in sitting 2: average 70 but not the same sitting.
    results = sitting({"L11": 65}) + sitting({"L12": 75}, n=2, day=LATER)
    assert not decide(results=results, paths=MDMT, on=LATER).certified


def test_absent_subject_counts_for_nothing():
    assert not decide(results=sitting({"L11": 100, "L12": None}), paths=MDMT, on=ON).certified


def test_future_sittings_are_ignored():
    assert not decide(results=sitting({"L11": 90, "L12": 90}), paths=MDMT, on=EXAM - dt.timedelta(days=1)).certified


def test_thresholds_are_data():
    strict = rules.Thresholds(pass_mark=80, average_mark=80, floor_mark=70, kept_pass_years=1)
    assert not decide(results=sitting({"L11": 75, "L12": 80}), paths=MDMT, on=ON, thresholds=strict).certified
    assert kept_until(EXAM, strict.kept_pass_years) == dt.date(2027, 12, 31)


def test_missing_text_names_the_alternatives_in_plain_chinese():
    decision = decide(results=sitting({"L11": 80, "L12": 55}), paths=SPE, on=ON)
    labels = {"L11": "考科1", "L12": "考科2", "L13": "考科3"}
    assert missing_text(decision.missing, labels=labels) == (
        "考科2 或 考科3 尚須 70 分以上（或同梯次平均 70 分且單科不低於 60 分）"
    )
    nothing = decide(results=[], paths=SPE, on=ON)
    assert missing_text(nothing.missing, labels=labels).startswith("考科1 及 考科2；或 考科1 及 考科3 尚須")


# --- properties -------------------------------------------------------------------------

scores = st.integers(min_value=0, max_value=100)
optional_scores = st.one_of(st.none(), scores)


@given(a=scores, b=scores, c=scores)
def test_order_of_results_is_irrelevant(a, b, c):
    results = sitting({"L11": a, "L12": b, "L13": c})
    forwards = decide(results=results, paths=SPE, on=ON)
    backwards = decide(results=list(reversed(results)), paths=list(reversed(SPE)), on=ON)
    assert forwards == backwards


@given(a=optional_scores, b=optional_scores, c=optional_scores, which=st.sampled_from(["L11", "L12", "L13"]))
def test_raising_a_score_never_uncertifies(a, b, c, which):
    base = {"L11": a, "L12": b, "L13": c}
    before = decide(results=sitting(base), paths=SPE, on=ON)
    raised = dict(base, **{which: min(100, (base[which] or 0) + 7)})
    after = decide(results=sitting(raised), paths=SPE, on=ON)
    assert after.certified or not before.certified


@given(a=st.integers(min_value=70, max_value=100), b=st.integers(min_value=70, max_value=100), other=optional_scores)
def test_a_path_with_every_subject_at_least_70_always_certifies(a, b, other):
    results = sitting({"L11": a, "L13": b}) + sitting({"L12": other}, n=2, day=LATER)
    assert decide(results=results, paths=SPE, on=LATER).certified


@given(a=scores, b=scores)
def test_two_subjects_in_one_sitting_certify_exactly_by_the_brochure_formula(a, b):
    expected = (a + b) >= 140 and min(a, b) >= 60
    assert decide(results=sitting({"L11": a, "L12": b}), paths=MDMT, on=ON).certified == expected


@given(a=scores, b=scores)
def test_adding_a_later_sitting_never_uncertifies(a, b):
    first = sitting({"L11": a, "L12": b})
    before = decide(results=first, paths=MDMT, on=LATER)
    after = decide(results=first + sitting({"L12": 0}, n=2, day=LATER), paths=MDMT, on=LATER)
    assert after.certified or not before.certified


@given(a=scores, b=scores, day=st.dates(min_value=EXAM, max_value=dt.date(2031, 12, 31)))
def test_not_certified_means_some_subject_is_missing_on_every_path(a, b, day):
    decision = decide(results=sitting({"L11": a, "L12": b}), paths=SPE, on=day)
    if not decision.certified:
        assert all(codes for _name, codes in decision.missing)


@given(
    a=optional_scores,
    b=optional_scores,
    c=optional_scores,
    second_day=st.dates(min_value=EXAM, max_value=dt.date(2030, 12, 31)),
    on=st.dates(min_value=EXAM, max_value=dt.date(2032, 12, 31)),
)
def test_over_sittings_is_certified_iff_some_sitting_day_certified(a, b, c, second_day, on):
    results = sitting({"L11": a, "L12": b}) + sitting({"L13": c}, n=2, day=second_day)
    over = rules.decide_over_sittings(results=results, paths=SPE, on=on)
    days = {r.exam_date for r in results if r.exam_date <= on}
    assert over.certified == any(decide(results=results, paths=SPE, on=d).certified for d in days)
    if not over.certified:
        assert over.missing == decide(results=results, paths=SPE, on=on).missing
