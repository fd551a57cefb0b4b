"""Prices from the database: `price_for` gathers the plain values the pure `pricing.quote`
takes (the level's fee table from the catalog cache, the candidate's history, the group), and
`registration_reprice` applies a new quote to a registration (staff edits, eligibility review)."""

from .catalog_cache import level_fees
from .models import Registration
from .pricing import Quote, eligible_plans, paid_before, quote
from .selectors import registration_history


def price_for(
    *, candidate, session, subjects, group_sitting=None, claimed_plans=(), history=None, recognition_organisation=None
) -> Quote:
    """The quote for a candidate, a session and chosen Subject rows (in the order given).
    `history`: the candidate's registration history if the caller has read it already.
    `recognition_organisation`: the school or company an individual names for the 認同方案
    (counted only while its recognition is confirmed); a group's own organisation counts for
    the group, and a course organiser's sitting is 再充電."""
    fees = list(level_fees(session.level_id))
    if history is None:
        history = registration_history(candidate=candidate)
    organisation = group_sitting.organisation if group_sitting is not None else recognition_organisation
    plans = eligible_plans(
        registered_before=paid_before(history, session=session),
        group=group_sitting is not None,
        recognition=bool(organisation and organisation.has_recognition),
        claimed=set(claimed_plans),
        recharge=bool(group_sitting is not None and organisation.is_recharge_organiser),
    )
    return quote(fees=fees, subjects_kinds=[s.kind for s in subjects], eligible_plans=plans)


def registration_reprice(registration: Registration, *, claimed_plans) -> None:
    """Recompute plan, amount and per-subject fees (not saved: the caller saves)."""
    lines = list(registration.subjects.filter(dropped=False).select_related("subject").order_by("subject__number"))
    quote = price_for(
        candidate=registration.candidate,
        session=registration.session,
        subjects=[line.subject for line in lines],
        group_sitting=registration.group_sitting,
        claimed_plans=claimed_plans,
        recognition_organisation=registration.recognition_organisation,
    )
    for line, fee in zip(lines, quote.per_subject, strict=True):
        if line.fee != fee:
            line.fee = fee
            line.save(update_fields=["fee"])
    registration.plan, registration.amount, registration.plan_reason = quote.plan, quote.amount, quote.reason[:200]
