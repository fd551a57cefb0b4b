"""Virtual account services (SPEC §6, brochures §6.1): issue, supersede on a changed amount,
issue for other fees, and confirm a payment. Bank-file import lives in `imports.py`,
finance's settling of exceptions in `settle.py`.

Each service is one transaction, changes status only through `core.states.transition`,
writes audit rows, and sends the `payment_confirmed` signal and e-mails after commit."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock, hotsql
from skillcert.core.audit import log_action
from skillcert.core.money import format_ntd
from skillcert.core.states import transition
from skillcert.notifications.services import email_after_commit
from skillcert.registrations.rules import holds_lapsed_before, payment_deadline

from .models import AccountStatus, Purpose, VirtualAccount
from .numbering import serial_for
from .signals import RegistrationPayment, payment_confirmed, registration_payments_received


def _bank_code() -> str:
    return settings.VIRTUAL_ACCOUNT_BANK["code"]


def registration_payment_deadline(*, registration) -> dt.datetime:
    """The registration's own deadline; without one (a group registration paying alone), the
    same rule computed now (`registrations.rules.payment_deadline`)."""
    if registration.payment_deadline:
        return registration.payment_deadline
    return payment_deadline(now=clock.now(), registration_closes=registration.session.registration_closes)


# Every registration issues an account: both statements compiled once (`core.hotsql`).
_SET_NUMBER = hotsql.CompiledUpdate(
    lambda pk, number: (VirtualAccount.objects.filter(pk=pk), {"number": number}),
    pk=hotsql.mark_int(),
    number=hotsql.mark_str(),
)


def _create_account(*, amount: int, deadline, actor, **fields) -> VirtualAccount:
    """Insert the row, then number it from its id (unique by construction, no counter row
    to serialise concurrent registrations)."""
    account = VirtualAccount(amount=amount, deadline=deadline, bank_code=_bank_code(), **fields)
    hotsql.insert([account])
    _serial, account.number = serial_for(base=account.pk, amount=amount)
    _SET_NUMBER.run(pk=account.pk, number=account.number)
    log_action(
        account,
        "virtualaccount.issued",
        actor=actor,
        to_state=account.status,
        data={"number": account.number, "amount": amount, "deadline": deadline.isoformat()},
    )
    return account


def _supersede(old: VirtualAccount, *, actor, reason: str) -> None:
    transition(old, AccountStatus.SUPERSEDED, actor=actor, reason=reason)


def _link_superseded(old: VirtualAccount | None, new: VirtualAccount) -> None:
    if old is not None:
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])


def virtual_account_issue(*, registration, actor=None, new_registration: bool = False) -> VirtualAccount | None:
    """SPEC §6: the one-time account for this registration and its current amount.

    Same amount as the active account: that account is returned (its deadline follows the
    registration's). A changed amount supersedes the old account — it stops matching — and
    issues a new one; the candidate is told. Nothing to pay (free plan): None.
    `new_registration`: the caller created the registration in its open transaction, so it
    has no account yet and the lookup is skipped (registration night: one statement less).
    No savepoint: an error here rolls the caller's whole transaction back."""
    if registration.amount <= 0:
        return None
    deadline = registration_payment_deadline(registration=registration)
    with transaction.atomic(savepoint=False):
        current = None
        if not new_registration:
            current = (
                VirtualAccount.objects.select_for_update()
                .filter(registration_id=registration.pk, status=AccountStatus.ACTIVE)
                .first()
            )
        if current is not None and current.amount == registration.amount:
            if current.deadline != deadline:
                current.deadline = deadline
                current.save(update_fields=["deadline"])
                log_action(current, "virtualaccount.deadline", actor=actor, data={"deadline": deadline.isoformat()})
            return current
        if current is not None:
            _supersede(current, actor=actor, reason=_("應繳金額異動，改發新帳號"))
        account = _create_account(
            amount=registration.amount,
            deadline=deadline,
            actor=actor,
            registration=registration,
            purpose=Purpose.REGISTRATION,
            reference=f"registration:{registration.pk}",
            payer=registration.candidate.user,
        )
        _link_superseded(current, account)
        if current is not None:
            _notify_new_account(account, old=current)
    return account


def virtual_account_issue_for_fee(
    *, amount: int, purpose: str, reference: str, payer_user, deadline, actor=None
) -> VirtualAccount:
    """An account for another fee (the 600 certificate reissue fee …). One active account per
    (purpose, reference): the same amount returns it, a different amount supersedes it."""
    if amount <= 0:
        raise ValueError("a fee account needs a positive amount")
    with transaction.atomic():
        current = (
            VirtualAccount.objects.select_for_update()
            .filter(purpose=purpose, reference=reference, status=AccountStatus.ACTIVE)
            .first()
        )
        if current is not None and current.amount == amount:
            return current
        if current is not None:
            _supersede(current, actor=actor, reason=_("應繳金額異動，改發新帳號"))
        account = _create_account(
            amount=amount, deadline=deadline, actor=actor, purpose=purpose, reference=reference, payer=payer_user
        )
        _link_superseded(current, account)
    return account


def _notify_new_account(account: VirtualAccount, *, old: VirtualAccount) -> None:
    user = account.payer
    if user is None or not user.email:
        return
    email_after_commit(
        template="payment_account_changed",
        to=user.email,
        context={
            "name": getattr(getattr(user, "candidate", None), "name_zh", user.username),
            "registration_id": account.registration_id or "",
            "number": account.number,
            "old_number": old.number,
            "amount": format_ntd(account.amount),
            "deadline": clock.roc_datetime(account.deadline),
        },
    )


def send_confirmed_after_commit(accounts: list[VirtualAccount]) -> None:
    """Fire `payment_confirmed` for each account once the surrounding transaction commits."""

    def fire():
        for account in accounts:
            payment_confirmed.send(sender=VirtualAccount, virtual_account=account)

    transaction.on_commit(fire)


def virtual_account_confirm(*, account: VirtualAccount, actor, reason: str) -> VirtualAccount:
    """Mark one account paid (call inside the caller's transaction, on a locked row) and,
    for a registration, tell registrations (`registration_payment_received`)."""
    if account.status != AccountStatus.PAID:
        account.paid_at = clock.now()
        transition(account, AccountStatus.PAID, actor=actor, reason=reason, extra_fields=("paid_at",))
        send_confirmed_after_commit([account])
    if account.registration_id is not None:
        registration_payment_received(registration_id=account.registration_id, actor=actor, reason=reason)
    return account


def registration_payment_received(*, registration_id: int, actor, reason: str) -> None:
    """Tell registrations, in this transaction, that a registration's money arrived
    (`signals.registration_payments_received`); its refusal (InvalidTransition) propagates."""
    registration_payments_received.send(
        sender=VirtualAccount,
        payments=[RegistrationPayment(registration_id=registration_id, reason=reason)],
        actor=actor,
        bulk=False,
    )


def virtual_accounts_expire_due(*, now=None) -> int:
    """Active accounts past their deadline become expired once the bank's credit file for the
    deadline day has had time to arrive (`registrations.rules.hold_expires_at`); money paid
    after the deadline lands in the exception queue as EXPIRED either way. Safe to run twice."""
    now = now or clock.now()
    lapsed = VirtualAccount.objects.filter(status=AccountStatus.ACTIVE, deadline__lt=holds_lapsed_before(now))
    due = list(lapsed.values_list("pk", flat=True))
    expired = 0
    for pk in due:
        with transaction.atomic():
            account = VirtualAccount.objects.select_for_update().filter(pk=pk, status=AccountStatus.ACTIVE).first()
            if account is None:
                continue
            transition(account, AccountStatus.EXPIRED, reason=_("逾繳費期限"))
            expired += 1
    return expired
