"""Exam notices at scale, on its own migrated PostgreSQL database (sc_notices_bench): 1,000 paid
candidates seated directly (admission numbers and SeatAssignment rows for two subject periods in
25 rooms of one venue), then every candidate's own notice PDF built and rendered the way the
portal serves it (`examday.notices.notices_for` reads them in one go; `notices_pdf` per notice,
embedded CJK font, Code128 barcode). Prints exactly (wall clock) on stdout:

    notices: 1000 PDFs in 9.8 s = 102 PDFs/s

and, on stderr, the same work in this process's CPU time with the machine's load average.

Options: --candidates N (default 1000)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
DB_NAME = "sc_notices_bench"
from _seed import BATCH  # noqa: E402

ROOM_SEATS = 40  # 5 rows × 8 columns


def _seat(count: int, session, region) -> None:
    from skillcert.catalog.models import Venue
    from skillcert.examday.models import Room, SeatAssignment
    from skillcert.registrations.models import Registration, RegistrationSubject

    venue = Venue.objects.create(
        region=region, name="國立臺北科技大學", address="臺北市大安區忠孝東路三段1號",
        map_url="https://maps.example.com/?q=ntut", contact_name="陳考務", contact_phone="02-2771-2171",
    )  # fmt: skip
    rooms = Room.objects.bulk_create(
        Room(venue=venue, name=f"電腦教室 A{300 + n}", rows=5, columns=8, capacity=ROOM_SEATS, position=n)
        for n in range(count // ROOM_SEATS + 1)
    )
    Registration.objects.bulk_create(
        (Registration(id=i, candidate_id=i, session=session, region=region, plan="list", amount=2400, status="paid",
                      admission_number=f"B{i:08d}") for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    periods = list(session.timetable.select_related("subject").order_by("starts_at"))
    RegistrationSubject.objects.bulk_create(
        (RegistrationSubject(registration_id=i, subject=p.subject, fee=1200)
         for i in range(1, count + 1) for p in periods),
        batch_size=BATCH,
    )  # fmt: skip
    SeatAssignment.objects.bulk_create(
        (SeatAssignment(registration_id=i, period=p, room=rooms[(i - 1) // ROOM_SEATS],
                        row=(i - 1) % ROOM_SEATS // 8 + 1, column=(i - 1) % 8 + 1, extra_minutes=20 if i % 33 == 0 else 0)
         for i in range(1, count + 1) for p in periods),
        batch_size=BATCH,
    )  # fmt: skip


def inner(candidates: int) -> None:
    import django

    django.setup()
    from _seed import bulk_candidates, reset_sequences
    from django.db import transaction

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog.models import Region
    from skillcert.core.pdf import register_fonts
    from skillcert.examday import notices
    from skillcert.registrations.models import Registration
    from tests.examday.factories_notices import exam_sitting

    with transaction.atomic():
        session = exam_sitting()
        region, _ = Region.objects.get_or_create(name="台北")
        bulk_candidates(candidates, prefix="notice", with_email=False)
        _seat(candidates, session, region)
        reset_sequences(User, CandidateProfile, Registration)

    register_fonts()  # once per process (parsing the font file), not per PDF
    started, cpu = time.perf_counter(), time.process_time()
    built = notices.notices_for(notices.noticeable_registrations().filter(session=session))
    rendered = [notices.notices_pdf([notice]) for notice in built]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(rendered) == candidates, (len(rendered), candidates)
    print(f"notices: {len(rendered)} PDFs in {elapsed:.1f} s = {len(rendered) / elapsed:.0f} PDFs/s")
    # The shared 2-core machine's load shows in the wall-clock figure; this one is this process's.
    print(f"(this process's CPU: {cpu:.1f} s = {len(rendered) / cpu:.0f} PDFs/s; load average "
          f"{os.getloadavg()[0]:.1f})", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(__file__, DB_NAME, inner, description=__doc__.splitlines()[0], candidates=1000)
