"""Finance settles the exception queue; every action is audited."""

import pytest

from skillcert.core.audit import history
from skillcert.payments.imports import bank_file_import
from skillcert.payments.models import BankCredit
from skillcert.payments.numbering import serial_for
from skillcert.payments.settle import (
    PaymentError,
    credit_accept,
    credit_dismiss,
    credit_mark_refund,
    credit_refund_paid,
)
from skillcert.registrations.policies import BY_STAFF
from skillcert.registrations.services import registration_cancel
from tests.factories import StaffRole, make_session, staff_user

from .helpers import awaiting_payment, credit, csv_file, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance():
    return staff_user(StaffRole.FINANCE)


def imported(*lines):
    batch = bank_file_import(content=csv_file(*lines))
    return {c.bank_txn_id: c for c in batch.credits.all()}


def test_accept_an_underpayment_after_confirming(finance):
    registration, account = awaiting_payment()
    line = imported(pay(account, amount=account.amount - 11, txn="U1"))["U1"]
    with pytest.raises(PaymentError):
        credit_accept(credit=line, actor=finance, note="")  # a note is required
    credit_accept(credit=line, actor=finance, note="銀行扣手續費 11 元，已電話確認")
    line.refresh_from_db()
    registration.refresh_from_db()
    account.refresh_from_db()
    assert line.status == "accepted" and line.resolved_by == finance
    assert registration.status == "paid" and account.status == "paid"
    assert history(line).filter(to_state="accepted", actor=finance, reason__contains="手續費").exists()


def test_link_an_unknown_account_to_the_right_registration(finance):
    registration, _account = awaiting_payment()
    _serial, stranger = serial_for(base=8_000_000, amount=registration.amount)
    line = imported(credit(stranger, registration.amount, txn="L1"))["L1"]
    assert line.reason == "unknown_account"
    with pytest.raises(PaymentError):
        credit_accept(credit=line, actor=finance, note="考生來電")  # no account to pay without a link
    credit_accept(credit=line, actor=finance, note="考生來電確認", registration=registration)
    line.refresh_from_db()
    registration.refresh_from_db()
    assert line.registration == registration and registration.status == "paid"


def test_money_for_a_cancelled_registration_goes_back_to_the_payer(finance):
    registration, account = awaiting_payment()
    registration_cancel(registration=registration, by=BY_STAFF)
    line = imported(pay(account, txn="R1"))["R1"]
    assert line.reason == "registration_closed"
    with pytest.raises(PaymentError) as refused:
        credit_accept(credit=line, actor=finance, note="試著入帳")
    assert "退還匯款人" in " ".join(refused.value.messages)
    with pytest.raises(PaymentError):
        credit_mark_refund(credit=line, actor=finance, note="退回", payer_bank="812", payer_account="1")
    credit_mark_refund(credit=line, actor=finance, note="報名已取消，退回原帳戶")
    credit_refund_paid(credit=line, actor=finance)
    line.refresh_from_db()
    assert line.status == "refunded" and line.refunded_on is not None
    assert list(history(line).values_list("to_state", flat=True)) == ["refund_pending", "refunded"]


def test_only_a_repeated_transaction_may_be_dismissed(finance):
    session = make_session()
    _r1, a = awaiting_payment(session=session)
    _r2, b = awaiting_payment(session=session)
    lines = imported(pay(a, txn="D1"), pay(b, txn="D1"), pay(b, amount=b.amount - 11, txn="D2"))
    repeat = BankCredit.objects.get(bank_txn_id="D1", duplicate_of__isnull=False)
    with pytest.raises(PaymentError):
        credit_accept(credit=repeat, actor=finance, note="入帳")
    with pytest.raises(PaymentError):
        credit_dismiss(credit=lines["D2"], actor=finance, note="不處理")
    credit_dismiss(credit=repeat, actor=finance, note="銀行確認同一筆交易重複列出")
    repeat.refresh_from_db()
    assert repeat.status == "dismissed"


def test_a_second_payment_to_a_paid_registration_cannot_be_accepted(finance):
    _registration, account = awaiting_payment()
    lines = imported(pay(account, txn="P1"), pay(account, txn="P2"))
    assert lines["P2"].reason == "already_paid"
    with pytest.raises(PaymentError):
        credit_accept(credit=lines["P2"], actor=finance, note="重複")
    credit_mark_refund(credit=lines["P2"], actor=finance, note="重複繳款退還")
    assert BankCredit.objects.get(pk=lines["P2"].pk).status == "refund_pending"
