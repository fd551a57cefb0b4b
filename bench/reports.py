"""The exam office's reports at scale, on their own migrated PostgreSQL database
(skillcert_bench_reports): 100,000 registrations (over 30 days, two regions, two plans),
60,000 bank credits (50,000 matched, 10,000 in the exception queue) in 6 bank files, and 50,000
scores, all bulk-created; then each report of `reports.catalogue.REPORTS` is computed once
unfiltered and its time printed (`report <name>: 0.21 s`), the slowest last.

Options: --registrations N (default 100000), --credits N (default 60000), --scores N (default 50000)."""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DB_NAME = "skillcert_bench_reports"
from _seed import BATCH  # noqa: E402

TARGET = 1.0


def _fixture(registrations: int, credits: int, scores: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.db import connection

    from skillcert.catalog.models import Region
    from skillcert.core import clock
    from skillcert.payments.models import BankCredit, ImportBatch
    from skillcert.registrations.models import Registration, RegistrationSubject
    from skillcert.scoring.models import Score
    from tests.factories import make_level
    from tests.scoring.factories import sitting

    level = make_level(subjects=("written", "written"))
    session = sitting(level)
    regions = [Region.objects.get_or_create(name=name)[0] for name in ("台北", "高雄")]
    first, second = level.subjects.order_by("number")
    Registration.objects.bulk_create(
        (Registration(id=i, candidate_id=i, session=session, region=regions[i % 2], plan=("list", "new")[i % 3 == 0],
                      amount=2400, status=("paid", "awaiting_payment")[i % 5 == 0]) for i in range(1, registrations + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    with connection.cursor() as cursor:  # spread the registrations over 30 days
        cursor.execute("UPDATE registrations_registration SET created_at = now() - (id % 30) * interval '1 day'")
    scored = scores // 2
    RegistrationSubject.objects.bulk_create(
        (RegistrationSubject(id=2 * i - 1 + k, registration_id=i, subject=s, fee=1200)
         for i in range(1, registrations + 1) for k, s in enumerate((first, second)) if k == 0 or i <= scored),
        batch_size=BATCH,
    )  # fmt: skip
    Score.objects.bulk_create(
        (Score(registration_subject_id=2 * i - 1 + k, candidate_id=i, session=session, subject=s,
               raw_score=Decimal(40 + (i * 37 + k) % 61), score=40 + (i * 37 + k) % 61)
         for i in range(1, scored + 1) for k, s in enumerate((first, second))),
        batch_size=BATCH,
    )  # fmt: skip
    batches = [
        ImportBatch.objects.create(source="command", filename=f"bank-{n}.txt", file_format="csv", sha256=f"{n:064d}")
        for n in range(6)
    ]
    now = clock.now()
    BankCredit.objects.bulk_create(
        (BankCredit(batch=batches[i % 6], line_number=i, bank_txn_id=f"T{i:09d}", value_at=now - dt.timedelta(days=i % 30),
                    account_number=f"{i:014d}", amount=2400, registration_id=i if i % 6 else None,
                    status="matched" if i % 6 else "exception", reason="" if i % 6 else "unknown_account")
         for i in range(1, credits + 1)),
        batch_size=BATCH,
    )  # fmt: skip


def inner(registrations: int, credits: int, scores: int) -> None:
    import django

    django.setup()
    from _seed import bulk_candidates, reset_sequences
    from django.db import connection, transaction

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.registrations.models import Registration, RegistrationSubject
    from skillcert.reports.catalogue import REPORTS
    from skillcert.reports.filters import Filters

    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        bulk_candidates(registrations, prefix="rep", with_email=False)
        _fixture(registrations, credits, scores)
        reset_sequences(User, CandidateProfile, Registration, RegistrationSubject)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"setup: {registrations} registrations, {credits} payments, {scores} scores (bulk_create), "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    times = {}
    for slug, report in REPORTS.items():
        started = time.perf_counter()
        table = report.compute(Filters())
        times[slug] = time.perf_counter() - started
        print(f"report {slug}: {times[slug]:.2f} s ({len(table.rows)} rows)")
    slowest = max(times, key=times.get)
    print(f"slowest report: {times[slowest]:.2f} s ({slowest}) (target <= {TARGET:g} s)")


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(
        __file__, DB_NAME, inner, description=__doc__.splitlines()[0],
        registrations=100_000, credits=60_000, scores=50_000,
    )  # fmt: skip
