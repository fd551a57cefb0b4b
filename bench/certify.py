"""Certification at scale, on its own migrated PostgreSQL database (skillcert_bench_cert):

1. 100,000 candidates with two scored subjects each (bulk_create), evaluated and stored by
   scoring's batch engine `session_evaluate` (Outcome rows, audit rows) — prints candidates/s.
   The certificates receiver is disconnected while it runs, so the figure is the evaluation's;
   the certificates owed are then issued by `certificates_issue_missing` (one counter update,
   bulk insert) — prints certificates/s.
2. 1,000 certificate PDFs rendered (embedded CJK font, QR code) — prints PDFs/s.

Options: --candidates N (default 100000), --pdfs N (default 1000)."""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DB_NAME = "skillcert_bench_cert"
from _seed import BATCH  # noqa: E402


def _scores_for(i: int) -> tuple[int, int]:
    """Deterministic spread: about half certify (same-sitting rule), the rest miss in ways."""
    return 40 + (i * 37) % 61, 45 + (i * 53) % 56


def _results(count: int, session, region, subjects) -> None:
    from decimal import Decimal

    from skillcert.registrations.models import Registration, RegistrationSubject
    from skillcert.scoring.models import Score

    first, second = subjects
    Registration.objects.bulk_create(
        (Registration(id=i, candidate_id=i, session=session, region=region, plan="list", amount=2400, status="paid")
         for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    RegistrationSubject.objects.bulk_create(
        (RegistrationSubject(id=2 * i - 1 + k, registration_id=i, subject=s, fee=1200)
         for i in range(1, count + 1) for k, s in enumerate(subjects)),
        batch_size=BATCH,
    )  # fmt: skip
    scores = []
    for i in range(1, count + 1):
        for k, (subject, value) in enumerate(zip((first, second), _scores_for(i), strict=True)):
            scores.append(
                Score(registration_subject_id=2 * i - 1 + k, candidate_id=i, session=session, subject=subject,
                      raw_score=Decimal(value), score=value)
            )  # fmt: skip
    Score.objects.bulk_create(scores, batch_size=BATCH)


def inner(candidates: int, pdfs: int) -> None:
    import django

    django.setup()
    from _seed import bulk_candidates, reset_sequences
    from django.db import connection, transaction

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog.models import Region
    from skillcert.certificates import receivers
    from skillcert.certificates.models import Certificate
    from skillcert.certificates.pdf import certificate_pdf
    from skillcert.certificates.services import certificates_issue_missing
    from skillcert.core.pdf import register_fonts
    from skillcert.registrations.models import Registration, RegistrationSubject
    from skillcert.scoring.evaluation import session_evaluate
    from skillcert.scoring.signals import candidate_certified
    from tests.factories import make_level
    from tests.scoring.factories import sitting

    started = time.perf_counter()
    with transaction.atomic():  # one commit for the whole fixture (bench data only)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        level = make_level(subjects=("written", "written"))
        session = sitting(level)
        region, _ = Region.objects.get_or_create(name="台北")
        bulk_candidates(candidates, prefix="cert", with_email=False)
        _results(candidates, session, region, list(level.subjects.order_by("number")))
        reset_sequences(User, CandidateProfile, Registration, RegistrationSubject)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"setup: {candidates} candidates, {2 * candidates} scores (bulk_create), {time.perf_counter() - started:.1f} s"
    )

    candidate_certified.disconnect(dispatch_uid="certificates.issue")
    started = time.perf_counter()
    summary = session_evaluate(session=session)
    elapsed = time.perf_counter() - started
    print(f"evaluate (scoring.evaluation.session_evaluate): {summary.evaluated} candidates in {elapsed:.2f} s = "
          f"{summary.evaluated / elapsed:,.0f} candidates/s; certified {summary.certified}")  # fmt: skip
    receivers.connect()

    started = time.perf_counter()
    issued = certificates_issue_missing(level=level)
    elapsed = time.perf_counter() - started
    print(f"issue (certificates_issue_missing): {issued} certificates in {elapsed:.2f} s = "
          f"{issued / elapsed:,.0f} certificates/s; numbers unique: "
          f"{Certificate.objects.values('number').distinct().count() == issued}")  # fmt: skip

    batch = list(Certificate.objects.select_related("level__brochure__item").order_by("pk")[:pdfs])
    register_fonts()  # once per process (parsing the 20 MB font file), not per PDF
    started = time.perf_counter()
    size = sum(len(certificate_pdf(certificate)) for certificate in batch)
    elapsed = time.perf_counter() - started
    print(f"render: {len(batch)} certificate PDFs in {elapsed:.2f} s = {len(batch) / elapsed:,.1f} PDFs/s "
          f"(average {size / len(batch) / 1024:.0f} KiB)")  # fmt: skip


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(__file__, DB_NAME, inner, description=__doc__.splitlines()[0], candidates=100_000, pdfs=1000)
