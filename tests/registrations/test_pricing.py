"""Every cell of both brochures' fee tables (SPEC §5), through the pure pricing function."""

import datetime as dt

import pytest

from skillcert.catalog.models import Plan
from skillcert.registrations.pricing import FeeCell, NoPriceError, eligible_plans, quote, training_certificate_refusal

W, P = "written", "practical"

# SPEC §5: (plan) -> {(level, kind): amount}; MDMT 113 has practical subjects at both levels.
MDMT_113 = {
    Plan.LIST: {("L1", W): 1200, ("L1", P): 3000, ("L2", W): 1500, ("L2", P): 4200},
    Plan.NEW: {("L1", W): 800, ("L1", P): 2100, ("L2", W): 1000, ("L2", P): 3000},
    Plan.RETURNING: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700, ("L2", P): 2500},
    Plan.GROUP: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700, ("L2", P): 2500},
    Plan.TRAINING: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700, ("L2", P): 2500},
}
SPE_115 = {
    Plan.LIST: {("L1", W): 1200, ("L1", P): 3000, ("L2", W): 1500},
    Plan.NEW: {("L1", W): 800, ("L1", P): 2100, ("L2", W): 1000},
    Plan.RETURNING: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700},
    Plan.RECOGNITION: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700},
    Plan.GROUP: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700},
    Plan.TRAINING: {("L1", W): 600, ("L1", P): 1800, ("L2", W): 700},
}


def table(brochure: dict, level: str) -> list[FeeCell]:
    cells = [
        FeeCell(plan=plan, kind=kind, amount=amount)
        for plan, row in brochure.items()
        for (lvl, kind), amount in row.items()
        if lvl == level
    ]
    kinds = {kind for row in brochure.values() for (lvl, kind) in row if lvl == level}
    cells += [FeeCell(plan=Plan.DISADVANTAGED, kind=k, percent_of_list=30, needs_documents=True) for k in kinds]
    return cells


CELLS = [
    (name, brochure, plan, level, kind, amount)
    for name, brochure in (("MDMT113", MDMT_113), ("SPE115", SPE_115))
    for plan, row in brochure.items()
    for (level, kind), amount in row.items()
]


@pytest.mark.parametrize(("name", "brochure", "plan", "level", "kind", "amount"), CELLS, ids=lambda v: str(v))
def test_every_fee_cell_is_charged_per_subject(name, brochure, plan, level, kind, amount):
    result = quote(fees=table(brochure, level), subjects_kinds=[kind], eligible_plans={plan})
    # LIST is always eligible, so the quote is the cheaper of the plan and the list price.
    assert result.plan == plan
    assert result.amount == amount
    assert result.per_subject == (amount,)


@pytest.mark.parametrize(
    ("brochure", "level", "kind", "expected"),
    [
        (MDMT_113, "L1", W, 360), (MDMT_113, "L1", P, 900), (MDMT_113, "L2", W, 450), (MDMT_113, "L2", P, 1260),
        (SPE_115, "L1", W, 360), (SPE_115, "L1", P, 900), (SPE_115, "L2", W, 450),
    ],
)  # fmt: skip
def test_the_30_percent_plan_is_30_percent_of_the_list_price(brochure, level, kind, expected):
    result = quote(fees=table(brochure, level), subjects_kinds=[kind], eligible_plans={Plan.DISADVANTAGED})
    assert (result.plan, result.amount, result.needs_documents) == (Plan.DISADVANTAGED, expected, True)


def test_percent_rounds_half_up():
    fees = [FeeCell(plan=Plan.LIST, kind=W, amount=1235), FeeCell(plan=Plan.DISADVANTAGED, kind=W, percent_of_list=30)]
    assert quote(fees=fees, subjects_kinds=[W], eligible_plans={Plan.DISADVANTAGED}).amount == 371  # 370.5 → 371


def test_the_lowest_eligible_plan_wins_and_the_total_adds_subjects():
    fees = table(SPE_115, "L1")
    new = quote(fees=fees, subjects_kinds=[W, P], eligible_plans={Plan.NEW})
    assert (new.plan, new.amount, new.per_subject) == (Plan.NEW, 2900, (800, 2100))
    group = quote(fees=fees, subjects_kinds=[W, W], eligible_plans={Plan.NEW, Plan.GROUP, Plan.RECOGNITION})
    assert group.amount == 1200 and group.plan in (Plan.GROUP, Plan.RECOGNITION)
    assert group.alternatives[Plan.NEW] == 1600 and group.alternatives[Plan.LIST] == 2400
    poor = quote(fees=fees, subjects_kinds=[W, P], eligible_plans={Plan.RETURNING, Plan.DISADVANTAGED})
    assert (poor.plan, poor.amount) == (Plan.DISADVANTAGED, 360 + 900)


def test_a_plan_tied_with_one_needing_documents_is_offered_without_documents():
    fees = table(SPE_115, "L1")
    result = quote(fees=fees, subjects_kinds=[W], eligible_plans={Plan.RETURNING, Plan.TRAINING})
    assert result.plan == Plan.RETURNING and not result.needs_documents


def test_recharge_is_free_for_written_subjects_only():
    fees = [*table(MDMT_113, "L1"), FeeCell(plan=Plan.RECHARGE, kind=W, amount=0)]
    assert quote(fees=fees, subjects_kinds=[W, W], eligible_plans={Plan.RECHARGE}).amount == 0
    with_practical = quote(fees=fees, subjects_kinds=[W, P], eligible_plans={Plan.RECHARGE})
    assert (with_practical.plan, with_practical.amount) == (Plan.LIST, 4200)


def test_no_subjects_has_no_price():
    with pytest.raises(NoPriceError):
        quote(fees=table(SPE_115, "L1"), subjects_kinds=[], eligible_plans=set())


def test_eligibility_follows_history_group_and_claims():
    assert eligible_plans(registered_before=False, group=False, recognition=False) == {Plan.LIST, Plan.NEW}
    assert eligible_plans(registered_before=True, group=False, recognition=False) == {Plan.LIST, Plan.RETURNING}
    assert Plan.RECOGNITION in eligible_plans(registered_before=True, group=True, recognition=True)
    assert Plan.GROUP not in eligible_plans(registered_before=True, group=False, recognition=True)
    assert Plan.DISADVANTAGED in eligible_plans(
        registered_before=False, group=False, recognition=False, claimed={"disadvantaged"}
    )
    assert Plan.RECHARGE not in eligible_plans(
        registered_before=False, group=False, recognition=False, claimed={"recharge"}
    )
    # 認同 for an individual (the caller checked the named organisation); 再充電 only through a
    # course organiser's group sitting, whatever is claimed.
    assert Plan.RECOGNITION in eligible_plans(registered_before=False, group=False, recognition=True)
    assert Plan.RECHARGE not in eligible_plans(
        registered_before=False, group=True, recognition=False, claimed={"recharge"}
    )
    assert Plan.RECHARGE in eligible_plans(registered_before=False, group=True, recognition=False, recharge=True)
    assert Plan.RECHARGE not in eligible_plans(registered_before=False, group=False, recognition=False, recharge=True)


def test_a_training_certificate_counts_for_three_years_and_not_from_the_future():
    on = dt.date(2026, 3, 10)
    assert training_certificate_refusal(ticked=True, certificate_on=dt.date(2023, 3, 10), on=on) is None
    assert training_certificate_refusal(ticked=True, certificate_on=on, on=on) is None
    assert "超過三年" in training_certificate_refusal(ticked=True, certificate_on=dt.date(2023, 3, 9), on=on)
    assert "112/03/10" in training_certificate_refusal(ticked=True, certificate_on=dt.date(2023, 3, 9), on=on)
    assert "晚於今天" in training_certificate_refusal(ticked=True, certificate_on=dt.date(2026, 3, 11), on=on)
    assert "勾選" in training_certificate_refusal(ticked=False, certificate_on=dt.date(2025, 1, 1), on=on)
    assert "勾選" in training_certificate_refusal(ticked=True, certificate_on=None, on=on)
    leap = dt.date(2028, 2, 29)  # three years before 29 February is 28 February
    assert training_certificate_refusal(ticked=True, certificate_on=dt.date(2025, 2, 28), on=leap) is None
