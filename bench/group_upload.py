"""Group bulk upload: a coordinator uploads a 2,000-row template (xlsx) for one sitting,
through the same service the upload page calls (`groups.upload.upload_apply`), on its own
migrated PostgreSQL database. Target: the whole file validated and saved in under 20 s.

Accounts, registrations, subject lines and audit rows are written in bulk per chunk
(`accounts.bulk`, `registrations.bulk`), so the statement count hardly grows with the rows.
Prints rows/s and total seconds for the first upload (accounts + registrations + seats) and
for the re-upload of the same file (every row reported as already registered, nothing saved).
Options: --rows N (default 2000)."""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DB_NAME = "skillcert_bench_group"


def inner(rows: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from skillcert.catalog.models import SeatPool
    from skillcert.groups.upload import ROWS_PER_COMMIT, upload_apply
    from skillcert.registrations.models import Registration
    from tests.factories import make_session
    from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file

    session = make_session(capacity=rows + 100)
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator, session=session)
    upload = xlsx_file(rows_for(rows))
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        report = upload_apply(sitting=sitting, uploaded_file=upload, actor=coordinator.user)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(rows)), actor=coordinator.user)
    second = time.perf_counter() - started
    held = SeatPool.objects.get(session=session, kind="written").held
    saved = Registration.objects.filter(group_sitting=sitting).count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"upload: {len(queries)} SQL statements, {len(queries) / rows:.1f} per row "
          f"(bulk per chunk of {ROWS_PER_COMMIT}; one e-mail task row each)")  # fmt: skip
    print(f"upload: {rows} rows, accepted {report.accepted}, refused {report.refused}; registrations {saved}, "
          f"seats held {held}")  # fmt: skip
    print(
        f"upload: {first:.2f} s total, {rows / first:.0f} rows/s (target < 20 s: {'met' if first < 20 else 'MISSED'})"
    )
    print(f"re-upload: {second:.2f} s total, {rows / second:.0f} rows/s, already registered {again.already}, "
          f"accepted {again.accepted}")  # fmt: skip


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(__file__, DB_NAME, inner, description=__doc__.splitlines()[0], rows=2000)
