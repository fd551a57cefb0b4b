"""Bank-file import: matching, idempotency, every exception reason, refused files."""

import datetime as dt

import pytest
from django.core import mail

from skillcert.core.models import AuditEntry
from skillcert.payments.bankfile import BankFileError
from skillcert.payments.imports import bank_file_import
from skillcert.payments.models import BankCredit, ImportBatch, VirtualAccount
from skillcert.payments.numbering import serial_for
from skillcert.registrations.policies import BY_STAFF
from skillcert.registrations.services import registration_cancel
from tests.factories import make_session

from .helpers import awaiting_payment, credit, csv_file, fixed_file, pay

pytestmark = pytest.mark.django_db


def reasons(batch) -> dict[str, str]:
    return dict(batch.credits.values_list("bank_txn_id", "reason"))


@pytest.mark.parametrize("render", [fixed_file, csv_file], ids=["fixed", "csv"])
def test_exact_amount_marks_the_registration_paid_and_emails_after_commit(render, django_capture_on_commit_callbacks):
    registration, account = awaiting_payment()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = bank_file_import(content=render(pay(account)), filename="credits")
    assert mail.outbox == []  # nothing is sent before the import commits
    for callback in callbacks:
        callback()
    registration.refresh_from_db()
    account.refresh_from_db()
    assert (batch.lines, batch.matched, batch.exceptions, batch.duplicates_skipped) == (1, 1, 0, 0)
    assert registration.status == "paid" and account.status == "paid"
    assert [m.to for m in mail.outbox] == [[registration.candidate.user.email]]
    assert "繳費成功" in mail.outbox[0].subject and account.number in mail.outbox[0].body
    trail = AuditEntry.objects.filter(target_type="registrations.registration", target_id=str(registration.pk))
    paid = trail.get(from_state="awaiting_payment", to_state="paid")
    assert paid.action == "registration.paid" and paid.data == {} and paid.created_at is not None


def test_reimporting_the_same_file_changes_nothing():
    registration, account = awaiting_payment()
    content = fixed_file(pay(account), credit("96017000000018", 999))
    first = bank_file_import(content=content)
    credits_before = list(BankCredit.objects.values_list("pk", "status", "reason"))
    second = bank_file_import(content=content)
    assert (first.matched, first.exceptions) == (1, 1)
    assert (second.lines, second.matched, second.exceptions, second.duplicates_skipped) == (2, 0, 0, 2)
    assert list(BankCredit.objects.values_list("pk", "status", "reason")) == credits_before


def test_every_exception_reason():
    session = make_session()
    _ok, paid_twice = awaiting_payment(session=session)
    _r2, short = awaiting_payment(session=session)
    _r3, extra = awaiting_payment(session=session)
    _r4, late = awaiting_payment(session=session)
    r5, closed = awaiting_payment(session=session)
    registration_cancel(registration=r5, by=BY_STAFF)
    r6, old = awaiting_payment(session=session)
    r6.amount = 600
    r6.save(update_fields=["amount"])
    from skillcert.payments.services import virtual_account_issue

    virtual_account_issue(registration=r6)
    _serial, never_issued = serial_for(base=9_000_000, amount=1600)
    after_deadline = late.deadline + dt.timedelta(minutes=1)
    lines = [
        pay(paid_twice, txn="A1"),
        pay(paid_twice, txn="A2"),  # one-time account paid again
        pay(short, amount=short.amount - 11, txn="B1"),
        pay(extra, amount=extra.amount + 22, txn="C1"),
        pay(late, txn="D1", at=after_deadline),
        pay(closed, txn="E1"),
        pay(old, txn="F1"),  # the superseded account stops matching
        credit(never_issued, 1600, txn="G1"),
        pay(short, amount=short.amount + 1, txn="H1"),  # tampered amount: check digit fails
        credit(short.number[:-2] + str((int(short.number[-2]) + 1) % 10) + short.number[-1], short.amount, txn="I1"),
        pay(extra, txn="A1"),  # same transaction ID twice in one file
    ]
    batch = bank_file_import(content=csv_file(*lines))
    assert batch.matched == 1 and batch.exceptions == 10
    got = reasons(batch)
    assert got["A2"] == "already_paid"
    assert got["B1"] == "underpaid" and got["C1"] == "overpaid"
    assert got["D1"] == "expired" and got["E1"] == "registration_closed"
    assert got["F1"] == "superseded" and got["G1"] == "unknown_account"
    assert got["H1"] == "bad_check" and got["I1"] == "bad_check"
    repeat = BankCredit.objects.get(bank_txn_id="A1", duplicate_of__isnull=False)
    assert repeat.reason == "duplicate_in_file" and repeat.duplicate_of.reason == ""
    extra.refresh_from_db()
    assert extra.status == "active"  # the repeated ID paid nothing
    assert "差額 NT$11" in BankCredit.objects.get(bank_txn_id="B1").detail


def test_a_malformed_file_is_refused_whole_and_nothing_changes():
    registration, account = awaiting_payment()
    good = fixed_file(pay(account)).decode()
    lines = good.split("\r\n")
    lines[1] = lines[1][:45] + "00000ABCDE" + lines[1][55:]  # amount not a number
    with pytest.raises(BankFileError) as refused:
        bank_file_import(content="\r\n".join(lines).encode())
    assert "第 2 行" in refused.value.message() and "金額" in refused.value.message()
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment"
    assert not ImportBatch.objects.exists() and not BankCredit.objects.exists()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"hello,world\n1,2\n", "無法辨識"),
        (b"", "空的"),
        (b"\xff\xfe\x00b\x00a", "UTF-8"),
    ],
)
def test_files_in_the_wrong_format_are_refused(content, expected):
    with pytest.raises(BankFileError) as refused:
        bank_file_import(content=content)
    assert expected in refused.value.message()
    assert not ImportBatch.objects.exists()


def test_a_fixed_width_file_whose_trailer_disagrees_is_refused():
    _registration, account = awaiting_payment()
    text = fixed_file(pay(account)).decode().replace("T00000001", "T00000002")
    with pytest.raises(BankFileError) as refused:
        bank_file_import(content=text.encode())
    assert "表尾" in refused.value.message()
    account.refresh_from_db()
    assert account.status == "active"


def test_a_csv_row_with_a_bad_date_names_its_line():
    _registration, account = awaiting_payment()
    text = csv_file(pay(account)).decode().replace("-", "/", 1)
    with pytest.raises(BankFileError) as refused:
        bank_file_import(content=text.encode())
    assert "第 2 行" in refused.value.message()


def test_two_registrations_in_one_file_with_chunks(monkeypatch):
    monkeypatch.setattr("skillcert.payments.imports.CHUNK_SIZE", 1)
    session = make_session()
    pairs = [awaiting_payment(session=session) for _ in range(3)]
    lines = [pay(account, txn=f"K{i}") for i, (_r, account) in enumerate(pairs)] + [pay(pairs[0][1], txn="K0")]
    batch = bank_file_import(content=fixed_file(*lines))
    assert (batch.matched, batch.exceptions) == (3, 1)
    assert VirtualAccount.objects.filter(status="paid").count() == 3
    assert BankCredit.objects.get(bank_txn_id="K0", duplicate_of__isnull=False).reason == "duplicate_in_file"


def test_money_paid_on_the_deadline_day_counts_when_the_file_comes_the_next_day(frozen_now):
    from skillcert.payments.services import virtual_accounts_expire_due
    from skillcert.registrations.services import registration_expire_unpaid

    registration, account = awaiting_payment(session=make_session())
    paid_at = account.deadline - dt.timedelta(minutes=5)
    frozen_now(account.deadline + dt.timedelta(hours=9))  # next morning: the scheduler runs first
    assert (registration_expire_unpaid(), virtual_accounts_expire_due()) == (0, 0)
    batch = bank_file_import(content=csv_file(pay(account, at=paid_at)))
    assert (batch.matched, batch.exceptions) == (1, 0)
    registration.refresh_from_db()
    assert registration.status == "paid"


def test_money_paid_after_the_deadline_still_goes_to_finance(frozen_now):
    registration, account = awaiting_payment(session=make_session())
    frozen_now(account.deadline + dt.timedelta(hours=9))
    batch = bank_file_import(content=csv_file(pay(account, txn="LATE1", at=account.deadline + dt.timedelta(minutes=1))))
    assert (batch.matched, reasons(batch)["LATE1"]) == (0, "expired")
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment"
