"""Matching a bank credit line to a virtual account (SPEC §6): pure, no database.

Order of the checks (the first that applies decides):
  1. the check digit must fit the number and the paid amount — otherwise the number was
     mistyped or the number/amount altered on the way (BAD_CHECK; a real collecting bank
     refuses such a transfer, so it never arrives honestly);
  2. the account must have been issued (UNKNOWN_ACCOUNT);
  3. it must still be open: not superseded by a new amount, not already paid (a one-time
     account), not past its deadline when the money arrived (SUPERSEDED, ALREADY_PAID, EXPIRED);
  4. the amount must be exact (UNDERPAID / OVERPAID — possible only by a multiple of 11
     once the check digit fits, see numbering.py);
  5. a registration's account: the registration must still await payment (REGISTRATION_CLOSED).
Everything that passes is MATCHED and pays the account (and the registration)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from skillcert.core.money import format_ntd
from skillcert.registrations.models import RegistrationStatus

from .models import AccountStatus, ExceptionReason
from .numbering import va_number_check

PAYABLE_REGISTRATION_STATES = (RegistrationStatus.AWAITING_PAYMENT,)


def _status_label(value: str | None) -> str:
    return str(RegistrationStatus(value).label) if value in RegistrationStatus.values else str(value)


@dataclass(frozen=True, slots=True)
class AccountView:
    """What matching needs to know about an issued account (plain values)."""

    pk: int
    amount: int
    status: str
    deadline: dt.datetime
    registration_id: int | None
    registration_status: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    reason: str = ""  # "" means matched
    detail: str = ""

    @property
    def matched(self) -> bool:
        return not self.reason


def classify(*, number: str, amount: int, value_at: dt.datetime, account: AccountView | None) -> Outcome:
    if not va_number_check(number=number, amount=amount):
        if account is not None:
            detail = _("帳號 %(n)s 的檢查碼與入帳金額 %(paid)s 不符（應繳 %(due)s）：金額可能遭竄改或輸入錯誤。")
            return Outcome(
                ExceptionReason.BAD_CHECK,
                detail % {"n": number, "paid": format_ntd(amount), "due": format_ntd(account.amount)},
            )
        return Outcome(
            ExceptionReason.BAD_CHECK, _("帳號 %(n)s 的檢查碼不符：帳號可能輸入錯誤或遭竄改。") % {"n": number}
        )
    if account is None:
        return Outcome(ExceptionReason.UNKNOWN_ACCOUNT, _("系統未發出帳號 %(n)s。") % {"n": number})
    if account.status == AccountStatus.SUPERSEDED:
        return Outcome(ExceptionReason.SUPERSEDED, _("此帳號因金額異動已作廢，應使用新帳號繳費。"))
    if account.status == AccountStatus.PAID:
        return Outcome(ExceptionReason.ALREADY_PAID, _("此一次性帳號先前已入帳，本筆為重複繳款。"))
    if account.status == AccountStatus.EXPIRED or value_at > account.deadline:
        return Outcome(ExceptionReason.EXPIRED, _("入帳時間晚於繳費期限。"))
    if amount != account.amount:
        reason = ExceptionReason.UNDERPAID if amount < account.amount else ExceptionReason.OVERPAID
        detail = _("入帳 %(paid)s，應繳 %(due)s（差額 %(diff)s）。") % {
            "paid": format_ntd(amount),
            "due": format_ntd(account.amount),
            "diff": format_ntd(abs(amount - account.amount)),
        }
        return Outcome(reason, detail)
    if account.registration_id is not None and account.registration_status not in PAYABLE_REGISTRATION_STATES:
        return Outcome(
            ExceptionReason.REGISTRATION_CLOSED,
            _("報名狀態為「%(s)s」，不能再以繳費完成報名。") % {"s": _status_label(account.registration_status)},
        )
    return Outcome()
