"""Registration night: 50 logged-in candidates' browsers submit 3,000 registrations for a
sitting with 1,500 seats, through the real form view under gunicorn (2 workers) on PostgreSQL.

Prints requests/s, p50/p99 latency, seats held (must be 1,500), lost or duplicated
registrations (must be 0), the requests/s of a bare Django view on the same server, and the
ratio, and the CPU each request costs the workers, PostgreSQL and the bench client (what
the ratio is made of). Options: --clients N --submissions N --quota N --workers N --no-pool (no seat row:
measures what the hot counter row costs)."""

import argparse
import datetime as dt
import http.client
import os
import re
import resource
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _server import bench_database, gunicorn  # noqa: E402

DB_NAME = "skillcert_bench_rush"  # its own database: other benchmarks drop and create theirs
# gunicorn threads per worker (gthread when > 1). Measured on the 2-core machine: 4 gthread threads
# gave no more registrations/s than sync workers (CPU-bound, not waiting on PostgreSQL) and a
# worse p99, so the default stays sync; --threads 4 compares.
THREADS = 1
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def seed(*, candidates: int, quota: int, pool: bool):
    """One SPE 初級-like level (paths {1,2},{1,3}), a sitting open now, and `candidates`
    candidates each with a logged-in session (created directly: the login page has a captcha)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils.crypto import get_random_string

    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog import models as catalog
    from skillcert.core import clock

    item = catalog.Item.objects.create(code="SPE", name_zh="智慧生產工程師")
    level = catalog.Level.objects.create(
        brochure=catalog.Brochure.objects.create(item=item, roc_year=115), rank=1, code="L1"
    )
    subjects = [
        catalog.Subject.objects.create(level=level, number=n, code=f"L1{n}", name=f"考科{n}", kind=kind)
        for n, kind in ((1, "written"), (2, "written"), (3, "practical"))
    ]
    for name, other in (("A", subjects[1]), ("B", subjects[2])):
        catalog.CertificationPath.objects.create(level=level, name=name).subjects.set([subjects[0], other])
    for plan, written, practical in (
        (catalog.Plan.LIST, 1200, 3000),
        (catalog.Plan.NEW, 800, 2100),
        (catalog.Plan.RETURNING, 600, 1800),
    ):
        catalog.Fee.objects.create(level=level, plan=plan, kind="written", amount=written)
        catalog.Fee.objects.create(level=level, plan=plan, kind="practical", amount=practical)
    today = clock.today()
    session = catalog.ExamSession.objects.create(
        level=level, exam_date=today + dt.timedelta(days=40),
        group_registration_opens=clock.at(today - dt.timedelta(days=1)),
        group_registration_closes=clock.at(today + dt.timedelta(days=20)),
        registration_opens=clock.at(today - dt.timedelta(days=1)),
        registration_closes=clock.at(today + dt.timedelta(days=20)),
        scores_published_on=today + dt.timedelta(days=60),
    )  # fmt: skip
    region = catalog.Region.objects.create(name="台北")
    session.regions.add(region)
    if pool:
        catalog.SeatPool.objects.create(session=session, kind="written", capacity=quota)
    users = User.objects.bulk_create(
        User(username=f"rush{i:05d}", email=f"rush{i:05d}@example.com", kind="candidate", password=make_password(None))
        for i in range(candidates)
    )
    CandidateProfile.objects.bulk_create(
        CandidateProfile(user=u, name_zh=f"考生{i}", national_id=f"R{i:09d}") for i, u in enumerate(users)
    )
    store, expires, keys = SessionStore(), clock.now() + dt.timedelta(hours=2), []
    rows = []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(rows)
    form = {"subjects": [str(subjects[0].pk), str(subjects[1].pk)], "region": str(region.pk)}
    return session, keys, form


_local = threading.local()


def request(host, port, method, path, *, cookie="", body=None, headers=None):
    """One request on this client thread's keep-alive connection (a browser keeps its
    connection too); http.client reconnects when the server closed it."""
    conn = getattr(_local, "conn", None)
    if conn is None or (conn.host, conn.port) != (host, port):
        conn = _local.conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        conn.close()  # the server dropped an idle keep-alive connection: once more on a new one
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
    payload = response.read()
    elapsed = time.perf_counter() - started
    set_cookie = response.getheader("Set-Cookie") or ""
    return response.status, payload, set_cookie, elapsed


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


CLIENT_CPU: dict[str, float] = {}  # phase -> CPU seconds the bench client itself spent
SERVER_CPU: dict[str, dict[str, float]] = {}  # phase -> {"gunicorn": s, "postgres": s}


def server_cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by every gunicorn and postgres process on this machine (Linux
    /proc; the bench runs alone, so these are the app's workers and its database backends)."""
    totals = {"gunicorn": 0.0, "postgres": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            head, _, tail = open(f"/proc/{entry}/stat").read().rpartition(")")
        except OSError:
            continue
        name = head.partition("(")[2]
        if name in totals:
            fields = tail.split()
            totals[name] += (int(fields[11]) + int(fields[12])) / tick
    return totals


def run_clients(clients: int, jobs: list, work, *, phase: str = "") -> tuple[float, list]:
    """Run `work(job)` for every job on `clients` threads; return wall time and results.
    The client's own CPU for the phase goes to CLIENT_CPU (it shares the 2 cores)."""
    results, lock, cursor = [], threading.Lock(), iter(jobs)
    cpu_before, server_before = cpu_seconds(), server_cpu_seconds()

    def loop():
        while True:
            with lock:
                job = next(cursor, None)
            if job is None:
                return
            outcome = work(job)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    CLIENT_CPU[phase] = cpu_seconds() - cpu_before
    SERVER_CPU[phase] = {name: used - server_before[name] for name, used in server_cpu_seconds().items()}
    return time.perf_counter() - started, results


def forms_open(host, port, path, keys, *, clients, headers=None):
    """Each logged-in browser (session key) opens the registration form, as before registration
    night; returns (wall time, [(session key, csrf cookie, form token)])."""

    def load_form(key):
        status, payload, set_cookie, _ = request(host, port, "GET", path, cookie=f"sessionid={key}", headers=headers)
        csrf = re.search(r"csrftoken=([^;]+)", set_cookie)
        token = TOKEN.search(payload)
        if status != 200 or not (csrf and token):
            raise RuntimeError(f"form page answered {status}")
        return key, csrf.group(1), token.group(1).decode()

    return run_clients(clients, keys, load_form)


def registrations_submit(host, port, path, browsers, form, *, clients, headers=None):
    """Every browser submits its registration at once; returns (wall time, [(status, seconds)])."""

    def submit(browser):
        key, csrf, token = browser
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "step": "submit", "claimed_plan": "", "seat": "", **form}, doseq=True
        )
        status, _, _, elapsed = request(
            host, port, "POST", path, cookie=f"sessionid={key}; csrftoken={csrf}", body=body, headers=headers
        )
        return status, elapsed

    return run_clients(clients, browsers, submit, phase="rush")


def hot_row_ceiling(*, session, threads: int = 8, seconds: float = 3.0) -> float:
    """Claims/s of the seat row alone: each thread runs the same conditional UPDATE, each in
    its own transaction, on one row. If this is far above the registration rate, the hot row
    does not cap registration."""
    from django.db import connections, transaction

    from skillcert.catalog.models import SeatPool
    from skillcert.registrations.seats import seats_claim

    SeatPool.objects.create(session=session, kind="practical", capacity=10**9)
    counts, stop = [], time.perf_counter() + seconds

    def loop():
        done = 0
        while time.perf_counter() < stop:
            with transaction.atomic():
                seats_claim(session=session, kinds=["practical"])
            done += 1
        counts.append(done)
        connections.close_all()

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - started)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=3000)
    parser.add_argument("--quota", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=THREADS, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--no-pool", action="store_true")
    args = parser.parse_args()
    began = time.perf_counter()
    with bench_database(DB_NAME) as env:
        for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SKILLCERT_VAR_DIR", "REDIS_URL", "DEBUG"):
            os.environ[key] = env[key]
        import django

        django.setup()
        from django.db import connection

        session, keys, form = seed(candidates=args.submissions, quota=args.quota, pool=not args.no_pool)
        connection.close()
        path = f"/portal/registrations/new/{session.pk}/"
        with gunicorn(env, workers=args.workers, threads=args.threads) as base_url:
            parsed = urllib.parse.urlsplit(base_url)
            host, port = parsed.hostname, parsed.port

            _, browsers = forms_open(host, port, path, keys, clients=args.clients)

            def bare(n):
                return request(host, port, "GET", "/bench/bare/")[0], None

            def bare_logged_in(browser):
                key, csrf, _ = browser
                return request(host, port, "GET", "/bench/bare/", cookie=f"sessionid={key}; csrftoken={csrf}")[0], None

            bare_time, bare_results = run_clients(args.clients, list(range(args.submissions)), bare, phase="bare")
            bare_li_time, bare_li_results = run_clients(args.clients, browsers, bare_logged_in, phase="bare_li")

            rush_time, rush_results = registrations_submit(host, port, path, browsers, form, clients=args.clients)
            # The yardstick again after the rush: on a shared machine the speed drifts between
            # phases, so the ratio takes the mean of the bare view before and after.
            after_time, after_results = run_clients(args.clients, browsers, bare_logged_in, phase="bare_li_after")

        from django.db.models import Count

        from skillcert.catalog import models as catalog
        from skillcert.registrations.models import CLOSED_STATES, Registration

        statuses = [status for status, _ in rush_results]
        latencies = [elapsed for _, elapsed in rush_results]
        accepted, refused_full = statuses.count(302), statuses.count(409)
        other = len(statuses) - accepted - refused_full
        stored = Registration.objects.filter(session=session).exclude(status__in=CLOSED_STATES)
        stored_count = stored.count()
        duplicated = stored.values("candidate").annotate(n=Count("id")).filter(n__gt=1).count()
        pool = catalog.SeatPool.objects.filter(session=session).first()
        held = pool.held if pool else None
        rush_rps = len(statuses) / rush_time
        bare_rps = len(bare_results) / bare_time
        bare_li_before, bare_li_after = len(bare_li_results) / bare_li_time, len(after_results) / after_time
        bare_li_rps = (bare_li_before + bare_li_after) / 2
        bad_bare = sum(1 for status, _ in bare_results + bare_li_results + after_results if status != 200)
        print(f"registration rush: {len(statuses)} submissions, {args.clients} clients, gunicorn {args.workers} workers x {args.threads} threads, "
              f"PostgreSQL, quota {args.quota}{' (no seat row)' if args.no_pool else ''}")  # fmt: skip
        print(f"  registrations: {rush_rps:.0f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms")  # fmt: skip
        print(f"  accepted {accepted}, refused as full {refused_full}, other responses {other}")
        print(f"  seats held {held} (quota {args.quota}), open registrations stored {stored_count}")
        print(f"  lost registrations {abs(accepted - stored_count)}, duplicated {duplicated}")
        print(f"  bare view, logged in (same session + auth middleware): {bare_li_rps:.0f} requests/s "
              f"(before the rush {bare_li_before:.0f}, after {bare_li_after:.0f}); "
              f"anonymous: {bare_rps:.0f} requests/s ({bad_bare} non-200)")  # fmt: skip
        print(f"  ratio registration / logged-in bare view: {rush_rps / bare_li_rps:.2f} (target >= 0.25)")
        print(f"  ratio registration / anonymous bare view: {rush_rps / bare_rps:.2f}")
        print("  bench client CPU (shares the cores): " + ", ".join(
            f"{name} {CLIENT_CPU[name]:.1f} s ({CLIENT_CPU[name] / wall:.0%} of one core)"
            for name, wall in (("rush", rush_time), ("bare_li", bare_li_time), ("bare", bare_time))
        ))  # fmt: skip

        def per_request(phase, count):
            cpu = SERVER_CPU[phase]
            return (f"workers {cpu['gunicorn'] / count * 1000:.2f} ms, PostgreSQL {cpu['postgres'] / count * 1000:.2f} ms, "
                    f"bench client {CLIENT_CPU[phase] / count * 1000:.2f} ms")  # fmt: skip

        print(f"  CPU per request: registration: {per_request('rush', len(statuses))}; "
              f"logged-in bare view: {per_request('bare_li', len(bare_li_results))}")  # fmt: skip
        ceiling = hot_row_ceiling(session=session)
        print(f"  seat row alone (conditional UPDATE + COMMIT, 8 threads): {ceiling:.0f} claims/s")
        print(f"  total run {time.perf_counter() - began:.0f} s")
        connection.close()
        ok = other == 0 and duplicated == 0 and accepted == stored_count and bad_bare == 0
        if not args.no_pool:
            ok = ok and held == args.quota == stored_count
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
