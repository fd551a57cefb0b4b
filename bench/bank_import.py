"""Bank credit file import: 100,000 registrations awaiting payment, each with its virtual
account, and a 100,000-line fixed-width bank file paying them all, imported through the same
service the upload page, the API and `manage.py import_bank_file` call, on its own migrated
PostgreSQL database (skillcert_bench_bank). Target: ≥ 5,000 lines/s; re-importing the same
file must change nothing (0 matched, 0 exceptions, every line skipped as already imported).

Options: --lines N (default 100000)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DB_NAME = "skillcert_bench_bank"
from _seed import BATCH  # noqa: E402


def _registrations(count: int, session, region):
    import datetime as dt

    from skillcert.core import clock
    from skillcert.payments.models import VirtualAccount
    from skillcert.payments.numbering import serial_for
    from skillcert.registrations.models import Registration

    deadline = clock.now() + dt.timedelta(days=3)
    amounts = {i: 800 + 400 * (i % 3) for i in range(1, count + 1)}
    Registration.objects.bulk_create(
        (Registration(id=i, candidate_id=i, session=session, region=region, plan="new", amount=amounts[i],
                      status="awaiting_payment", payment_deadline=deadline) for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    accounts = [
        VirtualAccount(id=i, number=serial_for(base=i, amount=amounts[i])[1], bank_code="017", registration_id=i,
                       amount=amounts[i], deadline=deadline, reference=f"registration:{i}", payer_id=i)
        for i in range(1, count + 1)
    ]  # fmt: skip
    VirtualAccount.objects.bulk_create(accounts, batch_size=BATCH)
    return accounts


def inner(lines: int) -> None:
    import django

    django.setup()
    from _seed import bulk_candidates, reset_sequences
    from django.db import connection

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog.models import Region
    from skillcert.core import clock
    from skillcert.payments.bankfile import CreditLine, render_fixed
    from skillcert.payments.imports import bank_file_import
    from skillcert.payments.models import BankCredit, VirtualAccount
    from skillcert.registrations.models import Registration
    from tests.factories import make_session

    started = time.perf_counter()
    session = make_session(capacity=lines + 10)
    region = Region.objects.get(name="台北")
    bulk_candidates(lines, prefix="bench")
    accounts = _registrations(lines, session, region)
    reset_sequences(User, CandidateProfile, Registration, VirtualAccount)
    now = clock.now()
    credit_lines = [
        CreditLine(0, f"B{a.pk:015d}", now, a.number, a.amount, "8120012", f"{a.pk:014d}") for a in accounts
    ]
    content = render_fixed(credit_lines).encode("ascii")
    Path(os.environ.get("SKILLCERT_VAR_DIR", "/tmp")).mkdir(parents=True, exist_ok=True)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"setup: {lines} registrations and virtual accounts, {len(content) / 1e6:.1f} MB file, "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

    started = time.perf_counter()
    batch = bank_file_import(content=content, filename="bench.txt", source="command")
    first = time.perf_counter() - started
    paid = Registration.objects.filter(status="paid").count()
    rate = lines / first
    print(f"import: {batch.lines} lines in {first:.2f} s = {rate:,.0f} lines/s "
          f"(target >= 5,000/s: {'met' if rate >= 5000 else 'MISSED'}); matched {batch.matched}, "
          f"exceptions {batch.exceptions}, registrations paid {paid}")  # fmt: skip

    credits_before = BankCredit.objects.count()
    started = time.perf_counter()
    again = bank_file_import(content=content, filename="bench.txt", source="command")
    second = time.perf_counter() - started
    changes = again.matched + again.exceptions + (BankCredit.objects.count() - credits_before)
    print(f"re-import: {again.lines} lines in {second:.2f} s = {lines / second:,.0f} lines/s; "
          f"changes {changes} (matched {again.matched}, exceptions {again.exceptions}, "
          f"skipped as already imported {again.duplicates_skipped})")  # fmt: skip


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(__file__, DB_NAME, inner, description=__doc__.splitlines()[0], lines=100_000)
