"""Seat allocation at scale, on its own migrated PostgreSQL database (skillcert_bench_seating):

30,000 paid candidates of one sitting (two CBT subjects each) over its 8 regions, 60 venues,
1,200 rooms of 30 seats (every venue: 4 accessible ground-floor rooms, one extended-time room),
10% in groups of 100, 3% with approved special needs (extra time, ground floor, last row,
wheelchair seat, A3 paper). Prints candidates/s for `examday.services.session_allocate_seats`
(admission numbers included), checks every seat and need, then moves 100 candidates to another
region and re-runs: only they may move.

Then renders 1,000 of the candidates' exam notices, a PDF each, in --workers processes (as the
portal's gunicorn workers would).

Options: --candidates N (default 30000), --venues N (default 60), --rooms N (default 1200),
--workers N (default 2)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB_NAME = "skillcert_bench_seating"
from _seed import BATCH  # noqa: E402

REGIONS = {"台北": 15, "桃園": 8, "台中": 10, "虎尾": 6, "高雄": 10, "屏東": 4, "金門": 3, "澎湖": 4}
NEEDS = (  # (approved SpecialNeeds fields) cycled over the 3%
    {"extra_minutes": 20, "approved_minutes": 20},
    {"ground_floor": True, "ground_floor_approved": True},
    {"seat": "last_row_chair", "seat_approved": True},
    {"seat": "last_row_wheelchair", "seat_approved": True, "ground_floor": True, "ground_floor_approved": True},
    {"enlarged_paper": True, "enlarged_paper_approved": True, "extra_minutes": 10, "approved_minutes": 10},
)


def _venues_and_rooms(regions: dict, venues: int, rooms: int) -> None:
    from skillcert.catalog.models import Venue
    from skillcert.examday.models import Room

    weights = sum(REGIONS.values())
    plan = [(name, round(venues * weight / weights)) for name, weight in REGIONS.items()]
    created = []
    for name, count in plan:
        for n in range(1, count + 1):
            created.append(Venue(region=regions[name], name=f"{name}第{n}考場", address=f"{name}市示範路{n}號"))
    Venue.objects.bulk_create(created)
    per_venue = rooms // len(created)
    Room.objects.bulk_create(
        Room(venue=venue, name=f"{100 * (1 + r // 5) + r % 5 + 1}", floor=1 + r // 5, rows=5, columns=6, capacity=30,
             accessible=r < 4, extended_time=r == per_venue - 1, position=r)
        for venue in Venue.objects.order_by("pk") for r in range(per_venue)
    )  # fmt: skip


def _registrations(count: int, session, regions: dict, subjects) -> list[int]:
    from skillcert.groups.models import GroupSitting, Organisation
    from skillcert.registrations.models import Registration, RegistrationSubject, SpecialNeeds

    names = [name for name, weight in REGIONS.items() for _ in range(weight)]
    organisations = Organisation.objects.bulk_create(
        Organisation(group_code=f"G{n:03d}", name=f"示範大學{n}", business_number="04595257", invoice_title="示範",
                     address="臺北市") for n in range(count // 1000)
    )  # fmt: skip
    sittings = GroupSitting.objects.bulk_create(
        GroupSitting(organisation=o, session=session, discount_code=f"SEAT{o.pk:04d}") for o in organisations
    )
    Registration.objects.bulk_create(
        (Registration(id=i, candidate_id=i, session=session, region=regions[names[i % len(names)]], plan="group",
                      amount=1200, status="paid",
                      group_sitting=sittings[(i // 10) % len(sittings)] if i % 10 == 0 and sittings else None)
         for i in range(1, count + 1)),
        batch_size=BATCH,
    )  # fmt: skip
    RegistrationSubject.objects.bulk_create(
        (RegistrationSubject(registration_id=i, subject=s, fee=600) for i in range(1, count + 1) for s in subjects),
        batch_size=BATCH,
    )
    needing = list(range(17, count + 1, 31))[: count * 3 // 100]
    SpecialNeeds.objects.bulk_create(
        SpecialNeeds(registration_id=i, document="needs/bench.pdf", **NEEDS[n % len(NEEDS)])
        for n, i in enumerate(needing)
    )
    return needing


def inner(candidates: int, venues: int, rooms: int, workers: int) -> None:
    import django

    django.setup()
    from _seed import bulk_candidates, reset_sequences
    from django.db import connection, transaction

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog.models import Region
    from skillcert.examday.selectors import needs_honoured
    from skillcert.examday.services import session_allocate_seats
    from skillcert.registrations.models import Registration
    from tests.examday.factories import closed_sitting

    started = time.perf_counter()
    with transaction.atomic():  # one commit for the whole fixture (bench data only)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        session = closed_sitting(subjects=("written", "written"), regions=tuple(REGIONS))
        regions = {r.name: r for r in Region.objects.filter(name__in=REGIONS)}
        _venues_and_rooms(regions, venues, rooms)
        bulk_candidates(candidates, prefix="seat", with_email=False)
        needing = _registrations(candidates, session, regions, list(session.level.subjects.order_by("number")))
        reset_sequences(User, CandidateProfile, Registration)
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; setup {time.perf_counter() - started:.1f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    run = session_allocate_seats(session=session)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"seating: {run.seated} candidates in {elapsed:.1f} s = {run.seated / elapsed:.0f} candidates/s")
    print(f"(seating, this process's CPU: {cpu:.1f} s; load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    numbers = Registration.objects.filter(session=session).exclude(admission_number=None)
    unique = numbers.values("admission_number").distinct().count() == numbers.count() == candidates
    honoured, approved = needs_honoured(session=session)
    print(f"seated {run.seated} of {candidates}, special needs honoured {honoured} of {approved}, "
          f"admission numbers unique: {unique}")  # fmt: skip
    assert approved == len(needing) and not run.report["shortfall"], run.report

    needs = set(needing)
    movers = [pk for pk in Registration.objects.filter(session=session, region=regions["台北"])
              .order_by("pk").values_list("pk", flat=True) if pk not in needs][:100]  # fmt: skip
    Registration.objects.filter(pk__in=movers).update(region=regions["桃園"])
    again = session_allocate_seats(session=session)
    print(f"re-run after {len(movers)} changes: moved {again.moved}, others kept {again.kept}")
    _notices(session, count=1000, workers=workers)


def _render_notices(session_pk: int, offset: int, count: int) -> tuple[int, float]:
    """One worker's share: read its notices in one go and render each as its own PDF, as the
    portal's PDF view does (`notices_for` + `notices_pdf`). Returns (PDFs, CPU seconds)."""
    from skillcert.examday import notices

    cpu = time.process_time()
    chosen = notices.noticeable_registrations().filter(session_id=session_pk).order_by("pk")[offset : offset + count]
    rendered = [notices.notices_pdf([notice]) for notice in notices.notices_for(chosen)]
    assert all(body.startswith(b"%PDF") for body in rendered)
    return len(rendered), time.process_time() - cpu


def _notices(session, *, count: int, workers: int) -> None:
    """The exam notices of `count` seated candidates of the sitting, each its own PDF, rendered by
    `workers` processes at once, as `make run`'s two gunicorn workers serve the portal (the reading
    included: each notice's registration, seats and venue)."""
    import multiprocessing

    from django.db import connections

    from skillcert.core.pdf import register_fonts

    register_fonts()  # once (parsing the font file), as a worker does at its first PDF; the workers inherit it
    connections.close_all()  # each forked worker opens its own connection
    share = -(-count // workers)
    jobs = [(session.pk, n * share, min(share, count - n * share)) for n in range(workers)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.starmap(_render_notices, jobs)
    elapsed = time.perf_counter() - started
    rendered, cpu = sum(n for n, _cpu in results), sum(c for _n, c in results)
    assert rendered == count, (rendered, count)
    print(f"notices: {rendered} PDFs in {elapsed:.1f} s = {rendered / elapsed:.0f} PDFs/s")
    # The shared 2-core machine's load shows in the wall-clock figure; this one is the workers' own.
    print(f"(notices in {workers} processes, their CPU: {cpu:.1f} s = {rendered / cpu:.0f} PDFs/s per core; "
          f"load average {os.getloadavg()[0]:.1f})", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    from _server import run_in_bench_database

    run_in_bench_database(
        __file__,
        DB_NAME,
        inner,
        description=__doc__.splitlines()[0],
        candidates=30_000,
        venues=60,
        rooms=1200,
        workers=2,
    )
