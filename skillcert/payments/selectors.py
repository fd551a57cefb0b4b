"""Reads for the doors: a candidate reaches only their own accounts; finance reads the queue."""

from django.shortcuts import get_object_or_404

from skillcert.registrations.models import RefundRequest, RefundStatus

from .models import AccountStatus, BankCredit, CreditStatus, VirtualAccount

OPEN_CREDIT_STATES = (CreditStatus.EXCEPTION, CreditStatus.REFUND_PENDING)


def slip_account_for_user(*, user, registration_id: int) -> VirtualAccount:
    """The newest account of the user's own registration, or 404 (never 403: no hint that
    someone else's registration exists). Superseded accounts are never shown as payable."""
    accounts = VirtualAccount.objects.select_related(
        "registration__candidate__user", "registration__session__level__brochure__item"
    ).filter(registration_id=registration_id, registration__candidate__user=user)
    return get_object_or_404(accounts.exclude(status=AccountStatus.SUPERSEDED).order_by("-pk")[:1])


def fee_account_for_user(*, user, pk: int) -> VirtualAccount:
    return get_object_or_404(VirtualAccount.objects.exclude(status=AccountStatus.SUPERSEDED), pk=pk, payer=user)


def exception_queue(*, reason: str = "", state: str = ""):
    credits = BankCredit.objects.select_related("batch", "virtual_account", "registration__candidate", "resolved_by")
    states = [state] if state else OPEN_CREDIT_STATES
    credits = credits.filter(status__in=states)
    if reason:
        credits = credits.filter(reason=reason)
    return credits.order_by("value_at", "pk")


def payouts_due() -> list[tuple]:
    """Money to send back (SPEC §7 and §6), one row per transfer for the bank's batch payment:
    approved refund applications (registrations' decision, not yet paid) and bank credits
    finance marked for return to the payer. (source, reference, bank, branch, account, holder, amount)."""
    rows = [
        ("refund", f"R{r.pk}", r.bank_code, r.branch_code, r.account_number, r.account_holder, r.approved_amount or 0)
        for r in RefundRequest.objects.filter(status=RefundStatus.APPROVED).order_by("pk")
    ]
    rows += [
        ("bank_credit", c.bank_txn_id, c.payer_bank[:3], c.payer_bank[3:7], c.payer_account, c.payer_name, c.amount)
        for c in BankCredit.objects.filter(status=CreditStatus.REFUND_PENDING).order_by("pk")
    ]
    return rows
