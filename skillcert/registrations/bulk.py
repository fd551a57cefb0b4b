"""Many group registrations at once (SPEC §4 S1 for a group upload, brochure 115 §3.2-2 (2) D):
the rules of `services.registration_create`, applied with a few statements per chunk.

The window is checked once; subjects, place and price once per distinct choice (for
candidates whose account this upload just created, who have no kept passes and no earlier
registration) or per candidate otherwise, with the same functions as `registration_create`.
Seats are claimed last, with one conditional UPDATE per pool (`held + n <= capacity`).

All or nothing: if any item would be refused it raises BulkNotApplied and the caller rolls
back its savepoint. Too few seats raise SeatsShort, which names the items that fit (in order)
and the 'full' message of the others: the caller can retry with those that fit. Anything else
(closed window, no price, documents needed, a duplicate): apply the items one by one with
`registration_create`, which gives each row its own message."""

from dataclasses import dataclass

from django.db import IntegrityError
from django.db.models import F

from skillcert.catalog.models import SeatPool
from skillcert.core import clock
from skillcert.core.audit import audit_entry
from skillcert.core.models import AuditEntry

from .checks import check_place, check_recharge_priced, check_subjects, check_window, full_error
from .errors import RegistrationError
from .models import Registration, RegistrationStatus, RegistrationSubject
from .notices import registration_notify
from .pricing import NoPriceError
from .quotes import price_for
from .seats import pools_for


class BulkNotApplied(Exception):
    """Some item cannot be saved in bulk: roll back and use `registration_create` per item."""


@dataclass(frozen=True)
class RegistrationItem:
    candidate: object  # CandidateProfile, with its user loaded (for the e-mail)
    subjects: tuple
    region: object
    practical_venue: object = None
    new_account: bool = False  # created in this transaction: no history to look at


def _choice_key(item: RegistrationItem) -> tuple:
    venue = item.practical_venue.pk if item.practical_venue else None
    who = None if item.new_account else item.candidate.pk
    return (tuple(sorted(s.pk for s in item.subjects)), item.region.pk, venue, who)


def _decide(item: RegistrationItem, *, group_sitting, now):
    """(subject rows, quote) as registration_create would find them, or BulkNotApplied."""
    session = group_sitting.session
    try:
        rows = check_subjects(candidate=item.candidate, session=session, subjects=item.subjects, now=now)
        check_place(session=session, region=item.region, practical_venue=item.practical_venue, subjects=rows)
        quote = price_for(candidate=item.candidate, session=session, subjects=rows, group_sitting=group_sitting)
        check_recharge_priced(group_sitting=group_sitting, quote=quote)
    except (RegistrationError, NoPriceError) as error:
        raise BulkNotApplied(str(error)) from error
    if quote.needs_documents:  # an upload carries no documents
        raise BulkNotApplied("documents")
    return rows, quote


class SeatsShort(BulkNotApplied):
    """Too few seats for all the items. `fitting`: the indexes of the items that fit, in order,
    as `registration_create` one by one would accept them; `refusals`: the others, with the
    'full' message it would give them."""

    def __init__(self, fitting: list[int], refusals: dict[int, str]):
        super().__init__("seats")
        self.fitting, self.refusals = fitting, refusals


def _claim(*, session, items: list[RegistrationItem], item_pools: list[list[int]]) -> None:
    """Hold the seats of every item with one conditional UPDATE per pool (`held + n <=
    capacity`), or raise SeatsShort (the caller rolls back what was claimed)."""
    needed: dict[int, int] = {}
    for pool_ids in item_pools:
        for pool_id in pool_ids:
            needed[pool_id] = needed.get(pool_id, 0) + 1
    claimed: dict[int, int] = {}
    for pool_id, count in sorted(needed.items()):
        if SeatPool.objects.filter(pk=pool_id, held__lte=F("capacity") - count).update(held=F("held") + count) != 1:
            break
        claimed[pool_id] = count
    else:
        return
    pools = SeatPool.objects.filter(pk__in=needed).values_list("pk", "capacity", "held")
    left = {pk: capacity - held + claimed.get(pk, 0) for pk, capacity, held in pools}
    fitting, refusals, messages = [], {}, {}
    for index, (item, pool_ids) in enumerate(zip(items, item_pools, strict=True)):
        if all(left[pool_id] > 0 for pool_id in pool_ids):
            fitting.append(index)
            for pool_id in pool_ids:
                left[pool_id] -= 1
            continue
        kinds = sorted({s.kind for s in item.subjects})
        key = (tuple(kinds), item.practical_venue.pk if item.practical_venue else None)
        if key not in messages:
            messages[key] = full_error(session=session, kinds=kinds).message
        refusals[index] = messages[key]
    raise SeatsShort(fitting, refusals)


def registrations_create_many(*, group_sitting, items: list[RegistrationItem], actor=None) -> list[Registration]:
    """Registrations for `items` of one group sitting, in order; see the module docstring.
    Call inside a savepoint of the caller's transaction and roll it back on BulkNotApplied."""
    if not items:
        return []
    session = group_sitting.session
    now = clock.now()
    try:
        check_window(session=session, group_sitting=group_sitting, now=now)
    except RegistrationError as error:
        raise BulkNotApplied(str(error)) from error
    pools = {(p.kind, p.venue_id): p.pk for p in SeatPool.objects.filter(session=session)}
    decided: dict[tuple, tuple] = {}
    registrations, lines, item_pools = [], [], []
    for item in items:
        key = _choice_key(item)
        if key not in decided:
            decided[key] = _decide(item, group_sitting=group_sitting, now=now)
        rows, quote = decided[key]
        wanted = pools_for(session=session, kinds=[s.kind for s in rows], venue=item.practical_venue)
        keys = [(kind, lookup["venue"].pk if lookup["venue"] else None) for kind, lookup in wanted]
        item_pools.append([pools[key] for key in keys if key in pools])  # a kind without a pool has no quota
        status = RegistrationStatus.PAID if quote.amount == 0 else RegistrationStatus.AWAITING_PAYMENT
        registration = Registration(
            candidate=item.candidate, session=session, region=item.region, practical_venue=item.practical_venue,
            group_sitting=group_sitting, plan=quote.plan, plan_reason=quote.reason[:200], amount=quote.amount,
            status=status, payment_deadline=None,  # a group remits through its coordinator
        )  # fmt: skip
        registrations.append(registration)
        lines.append((rows, quote))
    try:
        Registration.objects.bulk_create(registrations)
    except IntegrityError as error:  # an open registration appeared meanwhile
        raise BulkNotApplied("duplicate") from error
    RegistrationSubject.objects.bulk_create(
        RegistrationSubject(registration=registration, subject=subject, fee=fee)
        for registration, (rows, quote) in zip(registrations, lines, strict=True)
        for subject, fee in zip(rows, quote.per_subject, strict=True)
    )
    AuditEntry.objects.bulk_create(
        audit_entry(registration, "registration.created", actor=actor, to_state=registration.status,
                    data={"plan": quote.plan, "amount": quote.amount, "subjects": [s.code for s in rows]})
        for registration, (rows, quote) in zip(registrations, lines, strict=True)
    )  # fmt: skip
    for registration in registrations:  # with the database task backend: rows in this transaction
        registration_notify(registration, "registration_received")
    # Last statements before commit: the pool rows stay locked only for the commit.
    _claim(session=session, items=items, item_pools=item_pools)
    return registrations
