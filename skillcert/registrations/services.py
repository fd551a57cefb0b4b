"""Registration services (SPEC §4): create, pay, cancel, expire, eligibility review.

Keyword-only `registration_<verb>` functions; each is one transaction, changes status only
through `core.states.transition`, writes audit rows and queues e-mail after commit.
The checks a registration passes live in `checks.py`, who may do what in `policies.py`,
refunds in `refunds.py`, staff and candidate edits in `edits.py`, a sitting cancelled in
`sittings.py`."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.models import ExamSession
from skillcert.core import audit, clock, hotsql
from skillcert.core.audit import log_action
from skillcert.core.money import format_ntd
from skillcert.core.states import transition, transition_many
from skillcert.core.uploads import validate_document
from skillcert.payments.services import virtual_account_issue

from . import checks, policies, rules, selectors
from .errors import RegistrationError, SittingFull
from .models import PlanDocument, Registration, RegistrationStatus, RegistrationSubject, SpecialNeeds
from .notices import registration_notify
from .pricing import NoPriceError
from .quotes import price_for, registration_reprice
from .seats import SeatsFull, registration_release_seats, seats_claim, seats_left
from .tasks import payment_confirmations_queue

__all__ = [
    "RegistrationError",
    "SittingFull",
    "registration_create",
    "registration_mark_paid",
    "registrations_mark_paid_bulk",
    "registration_cancel",
    "registration_expire_unpaid",
    "registration_approve_eligibility",
]


def registration_create(
    *,
    candidate,
    session,
    subjects,
    region,
    practical_venue=None,
    group_sitting=None,
    claimed_plan=None,
    documents=(),
    special_needs=None,
    actor=None,
    recognition_organisation=None,
) -> Registration:
    """SPEC §4 S1: check window, subjects, place and documents; price; hold the seats; and
    leave the registration awaiting review (documents) or payment. Raises RegistrationError.

    `special_needs` is a dict of SpecialNeeds fields with a `document` file."""
    now = clock.now()
    checks.check_window(session=session, group_sitting=group_sitting, now=now)
    rows = checks.subject_rows(session=session, subjects=subjects)
    kinds = [s.kind for s in rows]
    # A plainly full sitting is refused before the candidate's history is read (registration
    # night: half the submissions end here). The claim below is what counts.
    if not seats_left(session=session, kinds=kinds, venue=practical_venue):
        raise checks.full_error(session=session, kinds=kinds)
    history = selectors.registration_history(candidate=candidate)
    checks.check_not_registered(session=session, history=history)
    rows = checks.check_subjects(candidate=candidate, session=session, subjects=rows, now=now, history=history)
    checks.check_place(session=session, region=region, practical_venue=practical_venue, subjects=rows)
    checks.check_plan_claim(
        candidate=candidate, claimed_plan=claimed_plan, recognition_organisation=recognition_organisation,
        group_sitting=group_sitting, now=now,
    )  # fmt: skip
    claimed = {claimed_plan} if claimed_plan else set()
    try:
        quote = price_for(
            candidate=candidate, session=session, subjects=rows, group_sitting=group_sitting, claimed_plans=claimed,
            history=history, recognition_organisation=recognition_organisation,
        )  # fmt: skip
    except NoPriceError as error:
        raise RegistrationError(_("所選考科沒有適用的報名費用，請洽執行單位。"), code="price") from error
    checks.check_recharge_priced(group_sitting=group_sitting, quote=quote)
    if quote.needs_documents and not documents:
        raise RegistrationError(_("此方案須上傳證明文件，經審核後才會產生繳費帳號。"), code="documents")
    checked_documents = [(f, validate_document(f)) for f in documents] if quote.needs_documents else []
    needs = dict(special_needs or {})
    if needs:
        checks.check_special_needs(needs)
    # One open registration per session: the unique constraint decides (IntegrityError below).

    if quote.needs_documents:
        status = RegistrationStatus.AWAITING_REVIEW
    elif quote.amount == 0:  # 再充電: nothing to pay, the registration is complete at once
        status = RegistrationStatus.PAID
    else:
        status = RegistrationStatus.AWAITING_PAYMENT
    deadline = None
    if status == RegistrationStatus.AWAITING_PAYMENT and group_sitting is None:
        deadline = rules.payment_deadline(now=now, registration_closes=session.registration_closes)
    try:
        with transaction.atomic():
            with audit.batched():  # both audit rows in one INSERT
                registration = Registration(
                    candidate=candidate,
                    session=session,
                    region=region,
                    practical_venue=practical_venue,
                    group_sitting=group_sitting,
                    recognition_organisation=recognition_organisation,
                    plan=quote.plan,
                    plan_reason=quote.reason[:200],
                    amount=quote.amount,
                    status=status,
                    payment_deadline=deadline,
                )
                hotsql.insert([registration])  # registration night's INSERTs, compiled once
                hotsql.insert(
                    [
                        RegistrationSubject(registration=registration, subject=s, fee=fee)
                        for s, fee in zip(rows, quote.per_subject, strict=True)
                    ]
                )
                for upload, mime in checked_documents:
                    PlanDocument.objects.create(registration=registration, file=upload, content_type=mime)
                if needs:
                    SpecialNeeds.objects.create(registration=registration, **needs)
                log_action(
                    registration,
                    "registration.created",
                    actor=actor,
                    to_state=status,
                    data={"plan": quote.plan, "amount": quote.amount, "subjects": [s.code for s in rows]},
                )
                if deadline is not None:
                    virtual_account_issue(registration=registration, actor=actor, new_registration=True)
                registration_notify(registration, "registration_received")
            # Last statement before commit: the pool row stays locked only for the commit.
            seats_claim(session=session, kinds=kinds, venue=practical_venue)
    except SeatsFull as error:
        raise checks.full_error(session=session, kinds=kinds) from error
    except IntegrityError as error:
        raise RegistrationError(_("您已報名本梯次，請至報名進度查詢查看。"), code="duplicate") from error
    return registration


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("candidate__user", "session").get(pk=registration.pk)


def registration_mark_paid(*, registration, actor=None, reason="") -> Registration:
    """SPEC §4 S3–S5: paid (bank file or group remittance); tells the candidate 繳費成功.
    Idempotent: a registration already paid is left alone."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status == RegistrationStatus.PAID:
            return registration
        transition(registration, RegistrationStatus.PAID, actor=actor, reason=reason)
        registration_notify(registration, "registration_paid")
    return registration


def registrations_mark_paid_bulk(*, payments, actor=None) -> int:
    """SPEC §4 S3–S5 for the bank-file import (`payments.signals.RegistrationPayment`s of
    registrations it locked, all awaiting payment): paid with one UPDATE and audit rows in one
    insert (`core.states.transition_many`); each candidate is told 繳費成功 with what the bank
    credited: one task per chunk, enqueued in this transaction (the outbox), queues each e-mail
    with `email_after_commit` (`tasks.payment_confirmations_queue`)."""
    now = clock.now()
    reasons = {payment.registration_id: payment.reason for payment in payments}
    moved = transition_many(
        Registration, reasons, RegistrationStatus.PAID, from_state=RegistrationStatus.AWAITING_PAYMENT,
        actor=actor, now=now, extra={"updated_at": now},
    )  # fmt: skip
    by_pk = {payment.registration_id: payment for payment in payments}
    # Plain rows, not model instances, and each sitting's name once: 2,000 lines per chunk.
    rows = list(
        Registration.objects.filter(pk__in=list(reasons), candidate__user__email__gt="").values_list(
            "pk", "candidate__user__email", "candidate__name_zh", "session_id"
        )
    )
    sittings = ExamSession.objects.select_related("level__brochure__item").in_bulk({row[3] for row in rows})
    messages = [
        [email, name, pk, str(sittings[session_id]), format_ntd(by_pk[pk].amount), by_pk[pk].account_number,
         clock.roc_datetime(by_pk[pk].paid_at), by_pk[pk].bank_txn_id]
        for pk, email, name, session_id in rows
    ]  # fmt: skip
    if messages:
        payment_confirmations_queue.enqueue(messages)
    return moved


def registration_cancel(*, registration, by: str, actor=None, reason="", notify: bool = True) -> Registration:
    """Cancel and give the seats back to the quota (SPEC §4, §7). `by` says who asks
    (`policies.BY_CANDIDATE` or `BY_STAFF`); a cancellation `policies.cancel_refusal` refuses
    raises RegistrationError. Idempotent: a cancelled registration is left alone. `notify=False`
    for a caller that tells the candidate itself (a sitting cancelled)."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        refusal = policies.cancel_refusal(registration, by=by)
        if refusal is not None:
            raise RegistrationError(refusal, code="cancel")
        transition(registration, RegistrationStatus.CANCELLED, actor=actor, reason=reason)
        registration_release_seats(registration=registration)
        if notify:
            registration_notify(registration, "registration_cancelled")
    return registration


def registration_expire_unpaid(*, now=None) -> int:
    """SPEC §4: an unpaid hold expires at its payment deadline, once the bank's credit file for
    that day has had time to arrive (`rules.hold_expires_at`); the seat returns to the quota and
    the candidate is told. Safe to run twice: the second run finds nothing."""
    now = now or clock.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.AWAITING_PAYMENT,
        payment_deadline__isnull=False,
        payment_deadline__lt=rules.holds_lapsed_before(now),
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().filter(pk=pk).first()
            if registration is None or registration.status != RegistrationStatus.AWAITING_PAYMENT:
                continue
            transition(registration, RegistrationStatus.EXPIRED, reason=_("逾繳費期限未繳費"))
            registration_release_seats(registration=registration)
            registration_notify(registration, "registration_expired")
            expired += 1
    return expired


def registration_approve_eligibility(*, registration, actor, approved: bool, reason="") -> Registration:
    """Staff review of a plan's documents (SPEC §5). Approved: the plan stands. Refused: the
    registration is repriced at the lowest plan without documents. Either way a payment
    account is issued now (group registrations are remitted by the coordinator)."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status != RegistrationStatus.AWAITING_REVIEW:
            raise RegistrationError(_("此報名不在資格審核中。"), code="state")
        if not approved:
            if not reason:
                raise RegistrationError(_("請填寫不符資格的原因，考生會看到這段說明。"), code="reason")
            registration_reprice(registration, claimed_plans=())
        registration.review_note = reason[:300]
        if registration.amount == 0:
            transition(registration, RegistrationStatus.PAID, actor=actor, reason=reason,
                       extra_fields=("review_note", "plan", "plan_reason", "amount"))  # fmt: skip
            registration_notify(registration, "registration_paid")
            return registration
        now = clock.now()
        extra = ["review_note", "plan", "plan_reason", "amount"]
        if registration.group_sitting_id is None:
            registration.payment_deadline = rules.payment_deadline(
                now=now, registration_closes=registration.session.registration_closes
            )
            extra.append("payment_deadline")
        transition(
            registration,
            RegistrationStatus.AWAITING_PAYMENT,
            actor=actor,
            reason=reason,
            extra_fields=tuple(extra),
            data={"approved": approved, "plan": registration.plan, "amount": registration.amount},
        )
        if registration.group_sitting_id is None:
            virtual_account_issue(registration=registration, actor=actor)
        registration_notify(
            registration,
            "registration_reviewed",
            approved=gettext_lazy("符合") if approved else gettext_lazy("不符合"),
            note=reason,
        )
    return registration
