"""Finance settles the exception queue (SPEC §6): every credit that did not match by itself.

Actions, each one transaction on the locked credit, audited with who, when and why:
- accept as paid after confirming (optionally linking the credit to the right registration,
  e.g. an unknown or mistyped account): the account is marked paid and the registration moves
  to paid through `registration_mark_paid`;
- mark for refund to the payer (the money goes back to the account it came from), then record
  the refund once sent;
- dismiss a repeated line of one file (the bank listed one transfer twice; no money to settle)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.states import InvalidTransition, transition
from skillcert.registrations.models import Registration

from .models import AccountStatus, BankCredit, CreditStatus, ExceptionReason, VirtualAccount
from .services import registration_payment_received, virtual_account_confirm


class PaymentError(ValidationError):
    """An action refused for a reason finance can read (zh-Hant)."""


def _locked(credit: BankCredit) -> BankCredit:
    return BankCredit.objects.select_for_update().get(pk=credit.pk)


def _need_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise PaymentError(_("請填寫處理說明（例如已與銀行或考生確認的內容）。"), code="note")
    return note[:300]


def _resolve(credit: BankCredit, to_state: str, *, actor, note: str, extra=()) -> None:
    credit.resolved_by, credit.resolved_at, credit.resolution_note = actor, clock.now(), note
    try:
        transition(
            credit,
            to_state,
            actor=actor,
            reason=note,
            extra_fields=("resolved_by", "resolved_at", "resolution_note", *extra),
        )
    except InvalidTransition as error:
        raise PaymentError(_("這筆入帳目前的狀態不能執行此動作。"), code="state") from error


def _account_for(credit: BankCredit, registration: Registration | None) -> VirtualAccount | None:
    if registration is None:
        return credit.virtual_account
    accounts = VirtualAccount.objects.select_for_update().filter(registration=registration)
    return accounts.filter(status=AccountStatus.ACTIVE).first() or accounts.order_by("-pk").first()


def credit_accept(*, credit: BankCredit, actor, note: str, registration: Registration | None = None) -> BankCredit:
    """Accept the money as payment after confirming it (underpaid by the bank's fee, paid
    just after the deadline, paid to the superseded account …), or link it to `registration`."""
    note = _need_note(note)
    with transaction.atomic():
        credit = _locked(credit)
        if credit.reason == ExceptionReason.DUPLICATE_IN_FILE:
            raise PaymentError(_("重複的交易序號不能再次入帳；請以「無需處理」結案。"), code="duplicate")
        account = _account_for(credit, registration)
        if account is None and registration is None:
            raise PaymentError(_("查無對應帳號，請輸入正確的報名編號以連結這筆入帳。"), code="link")
        target = registration or (account.registration if account else None)
        if target is not None and target.status == "paid":
            raise PaymentError(_("此報名已繳費成功，重複的款項請改為「退還匯款人」。"), code="paid")
        credit.virtual_account, credit.registration = account, target
        _resolve(credit, CreditStatus.ACCEPTED, actor=actor, note=note, extra=("virtual_account", "registration"))
        reason = _("財務人工確認入帳（交易序號 %(txn)s）：%(note)s") % {"txn": credit.bank_txn_id, "note": note}
        try:
            if account is not None:
                virtual_account_confirm(account=account, actor=actor, reason=reason)
            else:
                registration_payment_received(registration_id=target.pk, actor=actor, reason=reason)
        except InvalidTransition as error:
            status = target.get_status_display() if target else ""
            raise PaymentError(
                _("報名狀態為「%(s)s」，不能登錄為已繳費；請改為「退還匯款人」。") % {"s": status}, code="state"
            ) from error
    return credit


def _check_payer(bank: str, account: str) -> None:
    if not re.fullmatch(r"[0-9]{7}", bank or ""):
        raise PaymentError(_("退款銀行須為銀行代碼 3 碼加分行代碼 4 碼，共 7 位數字。"), code="bank")
    if not re.fullmatch(r"[0-9]{6,16}", account or ""):
        raise PaymentError(_("退款帳號須為 6 到 16 位數字。"), code="bank")


def credit_mark_refund(
    *, credit: BankCredit, actor, note: str, payer_bank: str = "", payer_account: str = ""
) -> BankCredit:
    """Send the money back to the payer: the bank and account default to those in the file."""
    note = _need_note(note)
    with transaction.atomic():
        credit = _locked(credit)
        credit.payer_bank = (payer_bank or credit.payer_bank).strip()
        credit.payer_account = (payer_account or credit.payer_account).strip()
        _check_payer(credit.payer_bank, credit.payer_account)
        _resolve(credit, CreditStatus.REFUND_PENDING, actor=actor, note=note, extra=("payer_bank", "payer_account"))
    return credit


def credit_refund_paid(*, credit: BankCredit, actor, paid_on: dt.date | None = None) -> BankCredit:
    with transaction.atomic():
        credit = _locked(credit)
        credit.refunded_on = paid_on or clock.today()
        note = _("已退還 %(bank)s-%(account)s") % {"bank": credit.payer_bank, "account": credit.payer_account}
        _resolve(credit, CreditStatus.REFUNDED, actor=actor, note=note, extra=("refunded_on",))
    return credit


def credit_dismiss(*, credit: BankCredit, actor, note: str) -> BankCredit:
    """Only a repeated transaction ID: the bank listed the same transfer twice."""
    note = _need_note(note)
    with transaction.atomic():
        credit = _locked(credit)
        if credit.reason != ExceptionReason.DUPLICATE_IN_FILE:
            raise PaymentError(_("只有重複列出的交易可以「無需處理」結案；其他款項須入帳或退還。"), code="dismiss")
        _resolve(credit, CreditStatus.DISMISSED, actor=actor, note=note)
    return credit
