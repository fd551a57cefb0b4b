"""Reads for the doors: a candidate reaches only their own accounts; finance reads the queue."""

from django.shortcuts import get_object_or_404

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
