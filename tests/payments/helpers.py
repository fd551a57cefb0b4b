"""Helpers for payment tests: a registration awaiting payment, and bank files to import."""

import datetime as dt
import itertools

from skillcert.core import clock
from skillcert.payments.bankfile import CreditLine, render_csv, render_fixed
from skillcert.payments.models import VirtualAccount
from tests.registrations.factories import register

_txn = itertools.count(1)


def awaiting_payment(**kwargs):
    """(registration, its active virtual account) via the real registration service."""
    registration = register(**kwargs)
    return registration, VirtualAccount.objects.get(registration=registration, status="active")


def credit(account_number: str, amount: int, *, txn: str | None = None, at: dt.datetime | None = None,
           payer_bank="8120012", payer_account="00012345678901", line_number=0) -> CreditLine:  # fmt: skip
    return CreditLine(
        line_number=line_number,
        bank_txn_id=txn or f"T{next(_txn):011d}",
        value_at=at or clock.now(),
        account_number=account_number,
        amount=amount,
        payer_bank=payer_bank,
        payer_account=payer_account,
        payer_name="王小明",
    )


def pay(account, *, amount=None, **kwargs) -> CreditLine:
    return credit(account.number, account.amount if amount is None else amount, **kwargs)


def fixed_file(*lines: CreditLine) -> bytes:
    return render_fixed(list(lines)).encode("ascii")


def csv_file(*lines: CreditLine) -> bytes:
    return render_csv(list(lines)).encode("utf-8")
