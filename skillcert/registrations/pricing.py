"""Fees 報名費用 (SPEC §5; brochure 113 §3.2, brochure 115 §3.2): one pure rule, one DB wrapper.

`quote` takes plain fee cells and the plans a candidate is eligible for, and returns the
lowest price. `quotes.price_for` gathers those plain values from the database."""

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.models import Plan, SubjectKind
from skillcert.core import clock
from skillcert.core.money import percent_of

from .models import RegistrationStatus

# Plans whose eligibility a person checks from documents (30% plan, MOEA training certificate),
# whatever the fee table's needs_documents flag says.
DOCUMENT_PLANS = frozenset({Plan.DISADVANTAGED.value, Plan.TRAINING.value})
# Plans a candidate asks for (with documents); the rest follow from their history or group.
CLAIMABLE_PLANS = frozenset({Plan.DISADVANTAGED.value, Plan.TRAINING.value})
# Order to prefer when two plans cost the same: plans without documents first.
_PREFERENCE = [
    Plan.RECHARGE, Plan.GROUP, Plan.RECOGNITION, Plan.RETURNING, Plan.NEW, Plan.TRAINING, Plan.DISADVANTAGED,
    Plan.LIST,
]  # fmt: skip

PLAN_REASONS = {
    Plan.LIST: _("原價"),
    Plan.NEW: _("您未曾完成任一 iPAS 鑑定報名，適用新考生報名優惠。"),
    Plan.RETURNING: _("您曾完成 iPAS 鑑定報名繳費，適用舊考生方案。"),
    Plan.RECOGNITION: _("您的學校或公司已簽署 iPAS 認同，適用認同方案。"),
    Plan.GROUP: _("經由團體報名，適用團體報名方案。"),
    Plan.TRAINING: _("近三年內完成經濟部人才培訓課程結訓，經審核後適用。"),
    Plan.DISADVANTAGED: _("身心障礙、原住民或低收入戶，經審核證明文件後以原價 30% 計。"),
    Plan.RECHARGE: _("iPAS x 人培再充電方案學員，由課程主辦單位報名，免報名費。"),
}


@dataclass(frozen=True)
class FeeCell:
    plan: str
    kind: str
    amount: int | None = None
    percent_of_list: int | None = None
    needs_documents: bool = False


@dataclass(frozen=True)
class Quote:
    plan: str
    amount: int
    per_subject: tuple[int, ...]
    needs_documents: bool
    alternatives: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def reason(self) -> str:
        return str(PLAN_REASONS[self.plan])


class NoPriceError(ValueError):
    """No eligible plan has a fee for every chosen subject kind."""


def _cell_amount(cell: FeeCell, list_price: int | None) -> int | None:
    if cell.amount is not None:
        return cell.amount
    if cell.percent_of_list is not None and list_price is not None:
        return percent_of(list_price, cell.percent_of_list)
    return None


def quote(*, fees: list[FeeCell], subjects_kinds: list[str], eligible_plans: set[str]) -> Quote:
    """The lowest-priced eligible plan for these subjects (SPEC §5: 'offered the lowest plan').

    A plan applies only if the table has a price for every chosen subject's kind (再充電 covers
    written subjects only). Percent plans are a share of the list price of the same kind,
    rounded half up by `core.money.percent_of`. Ties go to the plan without documents."""
    if not subjects_kinds:
        raise NoPriceError("no subjects")
    cells = {(c.plan, c.kind): c for c in fees}
    list_prices = {kind: cells[(Plan.LIST, kind)].amount for kind in SubjectKind.values if (Plan.LIST, kind) in cells}
    priced: dict[str, tuple[int, tuple[int, ...], bool]] = {}
    for plan in set(eligible_plans) | {Plan.LIST.value}:
        amounts, needs_documents = [], plan in DOCUMENT_PLANS
        for kind in subjects_kinds:
            cell = cells.get((plan, kind))
            amount = _cell_amount(cell, list_prices.get(kind)) if cell else None
            if amount is None:
                break
            amounts.append(amount)
            needs_documents = needs_documents or cell.needs_documents
        else:
            priced[plan] = (sum(amounts), tuple(amounts), needs_documents)
    if not priced:
        raise NoPriceError("no plan prices these subjects")
    order = {str(plan): i for i, plan in enumerate(_PREFERENCE)}
    best = min(priced, key=lambda plan: (priced[plan][0], priced[plan][2], order.get(plan, 99)))
    total, per_subject, needs_documents = priced[best]
    return Quote(
        plan=best,
        amount=total,
        per_subject=per_subject,
        needs_documents=needs_documents,
        alternatives={plan: value[0] for plan, value in priced.items()},
    )


def eligible_plans(
    *,
    registered_before: bool,
    group: bool,
    recognition: bool,
    claimed: set[str] | frozenset[str] = frozenset(),
    recharge: bool = False,
) -> set[str]:
    """Who qualifies for what (SPEC §5): new vs returning from the candidate's history; group
    through a group sitting; recognition 認同 through a group sitting or, for an individual, a
    named school or company whose signed recognition staff confirmed (brochure 115 §3.3:
    「簽署企業或學校認同之考生皆適用」; the caller checks the organisation); training and 30%
    when claimed (documents checked); 再充電 only in a sitting registered by a course organiser
    (brochure 113 §3.3 備註6)."""
    plans = {Plan.LIST.value, Plan.RETURNING.value if registered_before else Plan.NEW.value}
    if group:
        plans.add(Plan.GROUP.value)
        if recharge:
            plans.add(Plan.RECHARGE.value)
    if recognition:
        plans.add(Plan.RECOGNITION.value)
    plans |= set(claimed) & CLAIMABLE_PLANS
    return plans


# Brochure 115 §3.3 and 附錄三: a MOEA training certificate 「三年內」 of the registration.
TRAINING_CERTIFICATE_YEARS = 3


def training_certificate_refusal(*, ticked: bool, certificate_on: dt.date | None, on: dt.date) -> str | None:
    """Why the 人才培訓方案 cannot be claimed on `on` (zh-Hant), or None: the profile's tick
    「近三年內完成任一經濟部人才培訓課程結訓」 and the certificate's date, not in the future and
    not more than three years before `on` (the same calendar day three years earlier counts)."""
    if not ticked or certificate_on is None:
        return gettext(
            "申請人才培訓方案，請先於「考生基本資料維護」勾選近三年內完成經濟部人才培訓課程結訓，並填寫結訓日期。"
        )
    if certificate_on > on:
        return gettext("結訓日期不能晚於今天。")
    earliest = on - relativedelta(years=TRAINING_CERTIFICATE_YEARS)
    if certificate_on < earliest:
        return gettext("結訓證書已超過三年（須為 %(earliest)s 以後結訓），不適用人才培訓方案。") % {
            "earliest": clock.roc_date(earliest, weekday=False)
        }
    return None


def paid_before(history, *, session) -> bool:
    """SPEC §5 returning candidate: paid for another sitting before. `history` is the candidate's
    (session id, status) pairs (`selectors.registration_history`)."""
    return any(status == RegistrationStatus.PAID and session_id != session.pk for session_id, status in history)
