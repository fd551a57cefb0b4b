"""The two bank-file formats: what is written is what is read; the command line imports."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.core import clock
from skillcert.payments.bankfile import CreditLine, parse_bank_file, render_csv, render_fixed
from skillcert.payments.services import virtual_accounts_expire_due
from skillcert.registrations.rules import hold_expires_at

from .helpers import awaiting_payment, fixed_file, pay

lines = st.builds(
    CreditLine,
    line_number=st.just(0),
    bank_txn_id=st.text("ABCDEFGHJK0123456789-", min_size=1, max_size=16),
    value_at=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31)).map(
        lambda moment: moment.replace(microsecond=0, tzinfo=clock.TAIPEI)
    ),
    account_number=st.from_regex(r"\A[0-9]{14}\Z"),
    amount=st.integers(min_value=1, max_value=9_999_999_999),
    payer_bank=st.from_regex(r"\A([0-9]{7})?\Z"),
    payer_account=st.from_regex(r"\A[0-9]{0,16}\Z"),
    payer_name=st.just(""),
)


def same(parsed, written):
    strip = [(c.bank_txn_id, c.value_at, c.account_number, c.amount, c.payer_bank, c.payer_account) for c in parsed]
    return strip == [
        (c.bank_txn_id, c.value_at, c.account_number, c.amount, c.payer_bank, c.payer_account) for c in written
    ]


@settings(max_examples=50)
@given(st.lists(lines, min_size=1, max_size=5))
def test_fixed_width_round_trip(written):
    file_format, parsed = parse_bank_file(render_fixed(written).encode("ascii"))
    assert file_format == "fixed" and same(parsed, written)
    assert [c.line_number for c in parsed] == list(range(2, len(written) + 2))


@settings(max_examples=50)
@given(st.lists(lines, min_size=1, max_size=5))
def test_csv_round_trip(written):
    file_format, parsed = parse_bank_file(render_csv(written).encode("utf-8-sig"))
    assert file_format == "csv" and same(parsed, written)


def test_fixed_width_record_layout():
    line = CreditLine(0, "TX1", dt.datetime(2026, 5, 2, 9, 30, 5, tzinfo=clock.TAIPEI), "96017000000018", 1200,
                      "8120012", "00012345678901")  # fmt: skip
    detail = render_fixed([line]).split("\r\n")[1]
    assert len(detail) == 78
    assert detail[0] == "D" and detail[1:17].strip() == "TX1" and detail[17:31] == "20260502093005"
    assert detail[31:45] == "96017000000018" and detail[45:55] == "0000001200"
    assert detail[55:58] == "812" and detail[58:62] == "0012" and detail[62:78].strip() == "00012345678901"


@pytest.mark.django_db
def test_the_command_imports_and_refuses_a_bad_file(tmp_path, capsys):
    registration, account = awaiting_payment()
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_bytes(fixed_file(pay(account)))
    bad.write_bytes(b"nonsense")
    call_command("import_bank_file", str(good))
    assert "matched 1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="無法辨識"):
        call_command("import_bank_file", str(bad))
    registration.refresh_from_db()
    assert registration.status == "paid"


@pytest.mark.django_db
def test_accounts_past_their_deadline_expire_once(frozen_now):
    _registration, account = awaiting_payment()
    frozen_now(account.deadline + dt.timedelta(seconds=1))
    assert virtual_accounts_expire_due() == 0  # the deadline day's bank file may still come
    frozen_now(hold_expires_at(account.deadline) + dt.timedelta(seconds=1))
    assert virtual_accounts_expire_due() == 1
    assert virtual_accounts_expire_due() == 0
    account.refresh_from_db()
    assert account.status == "expired"
