"""The computer-based test's day: 2,000 candidates (default) each answer 50 items with about
20% extra changes, clears 不作答 and flags 註記, saving every change through the real autosave
view on PostgreSQL under gunicorn as `make serve` runs it (2 workers x 4 gthread threads), in
order per candidate as a browser does. Midway one gunicorn worker is killed (SIGKILL); gunicorn
starts a new one and the browsers resend what failed (a save is idempotent). Then every
candidate's stored answers are compared with the last change of each question.

The logged-in bare view (a staff session: the same middleware, session and authentication as
any signed-in page, then an empty view) runs on the same server in turns with the saves: 15 s
of saves, then 2 s of bare-view requests while the browsers hold, and so on, so the load of
whatever else shares the machine weighs on both rates alike.

Prints the autosave rate and latency, answers expected / stored / lost / out of order, the
logged-in bare view's rate and the ratio; on stderr the run's shape and the CPU per request of
this run's own gunicorn workers, PostgreSQL backends and client. Options: --candidates N
--items N --clients N --workers N --threads N --window S --turn S --database NAME (dropped and
created; default skillcert_bench_cbt)."""

import argparse
import datetime as dt
import http.client
import itertools
import os
import random
import signal
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _server import bench_database, gunicorn  # noqa: E402
from registration_rush import cpu_seconds, percentile, run_clients  # noqa: E402

DB_NAME = "skillcert_bench_cbt"
CSRF = "cbtbenchcsrfsecret0123456789abcd"  # a 32-character CSRF secret, cookie and header alike
EXTRA = 0.2  # extra changes per item: re-answer, clear, flag/unflag
# The server as `make serve` (production on one machine) runs it: 2 workers x 4 gthread threads.
WORKERS, THREADS = 2, 4
WINDOW, TURN = 15.0, 2.0  # seconds of saves, then seconds of bare-view requests, in turns


def seed(*, candidates: int, items: int):
    """A frozen form of `items` questions for a sitting under way, one opened room with a
    workstation per candidate, and each candidate's attempt in progress (created directly: the
    sign-in is not what this measures). Returns [(token, workstation cookie)], session keys."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core import signing

    from bench._seed import bulk_candidates, reset_sequences
    from skillcert.accounts.models import CandidateProfile, User
    from skillcert.catalog import models as catalog
    from skillcert.cbt import models as cbt
    from skillcert.core import clock
    from skillcert.examday.models import Room
    from skillcert.examroom.workstations import SALT, WORKSTATION_COOKIE
    from skillcert.registrations.models import Registration

    bulk_candidates(candidates, prefix="cbt")
    reset_sequences(User, CandidateProfile)
    now = clock.now()
    item = catalog.Item.objects.create(code="SPE", name_zh="智慧生產工程師")
    level = catalog.Level.objects.create(
        brochure=catalog.Brochure.objects.create(item=item, roc_year=115), rank=1, code="L1"
    )
    subject = catalog.Subject.objects.create(level=level, number=1, code="L11", name="考科1", kind="written")
    session = catalog.ExamSession.objects.create(
        level=level, exam_date=now.date(), group_registration_opens=now - dt.timedelta(days=60),
        group_registration_closes=now - dt.timedelta(days=30), registration_opens=now - dt.timedelta(days=60),
        registration_closes=now - dt.timedelta(days=30), scores_published_on=now.date() + dt.timedelta(days=30),
    )  # fmt: skip
    period = catalog.SessionSubject.objects.create(
        session=session, subject=subject, starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=3)
    )
    topic = catalog.SyllabusTopic.objects.create(subject=subject, code="L11101", title="評鑑內容")
    bank = cbt.Item.objects.bulk_create(cbt.Item(subject=subject, code=f"Q{n:03d}") for n in range(items))
    versions = cbt.ItemVersion.objects.bulk_create(
        cbt.ItemVersion(item=q, topic=topic, stem=f"題目 {n}", options=["甲", "乙", "丙", "丁"], correct=n % 4,
                        status="approved")
        for n, q in enumerate(bank)
    )  # fmt: skip
    blueprint = cbt.Blueprint.objects.create(subject=subject, name="藍圖")
    form = cbt.TestForm.objects.create(
        sitting=period, blueprint=blueprint, seed=1, shuffle_secret="bench", shuffle_options=True,
        status="frozen", assembled_at=now, frozen_at=now,
    )  # fmt: skip
    cbt.FormItem.objects.bulk_create(
        cbt.FormItem(form=form, position=n, version=v, points=2) for n, v in enumerate(versions, start=1)
    )
    region = catalog.Region.objects.create(name="台北")
    venue = catalog.Venue.objects.create(region=region, name="示範考場", address="台北市")
    room = Room.objects.create(venue=venue, name="A301", rows=50, columns=50, capacity=2500)
    opening = cbt.RoomOpening.objects.create(room=room, period=period, opened_at=now)
    stations = cbt.Workstation.objects.bulk_create(
        cbt.Workstation(opening=opening, label=f"{n:04d}", enrolled_at=now) for n in range(candidates)
    )
    registrations = Registration.objects.bulk_create(
        (Registration(candidate_id=i, session=session, region=region, plan="list", amount=1200, status="paid",
                      admission_number=f"B{i:08d}") for i in range(1, candidates + 1)),
        batch_size=5000,
    )  # fmt: skip
    attempts = cbt.Attempt.objects.bulk_create(
        (cbt.Attempt(registration=r, form=form, opening=opening, workstation=s, status="in_progress",
                     token=f"bench-token-{r.pk:08d}", signed_in_at=now, started_at=now,
                     ends_at=period.ends_at) for r, s in zip(registrations, stations, strict=True)),
        batch_size=5000,
    )  # fmt: skip
    cbt.Answer.objects.bulk_create(
        (cbt.Answer(attempt=a, position=n) for a in attempts for n in range(1, items + 1)), batch_size=10000
    )
    signer = signing.get_cookie_signer(salt=SALT)
    browsers = [
        (a.token, f"{WORKSTATION_COOKIE}={signer.sign(str(a.workstation_id))}; cbt_attempt={a.token}; csrftoken={CSRF}")
        for a in attempts
    ]
    staff = User.objects.bulk_create(User(username=f"bare{i}", kind="staff", password="!") for i in range(50))
    store, keys = SessionStore(), []
    for user in staff:
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": settings.AUTHENTICATION_BACKENDS[0],
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        key = f"benchsession{user.pk:020d}"
        Session.objects.create(
            session_key=key, session_data=store.encode(data), expire_date=now + dt.timedelta(hours=3)
        )
        keys.append(key)
    return browsers, keys


def changes_for(rng: random.Random, items: int) -> list[dict]:
    """A candidate's changes in order: each item answered once, plus ~20% extra changes
    (another option, 不作答, 註記 on or off), every one the question's whole state."""
    state = {n: ["", False] for n in range(1, items + 1)}
    order = [*range(1, items + 1), *rng.choices(range(1, items + 1), k=round(items * EXTRA))]
    changes = []
    for seq, position in enumerate(order, start=1):
        choice, flagged = state[position]
        if choice == "":
            choice = rng.choice("ABCD")
        else:
            kind = rng.random()
            if kind < 0.4:
                choice = rng.choice("ABCD")
            elif kind < 0.7:
                choice = ""
            else:
                flagged = not flagged
        state[position] = [choice, flagged]
        changes.append({"position": position, "choice": choice, "flagged": flagged, "seq": seq, "spent": 20})
    return changes


_local = threading.local()
RETRIES = {"count": 0}


def post(host, port, path, body: bytes, cookie: str):
    """One save on this client thread's keep-alive connection; a dropped connection (the killed
    worker) is retried as the browser's journal would, up to ten times."""
    headers = {"Cookie": cookie, "Content-Type": "application/json", "X-CSRFToken": CSRF}
    for attempt in range(10):
        conn = getattr(_local, "conn", None)
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection(host, port, timeout=30)
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            conn.close()
            _local.conn = None
            RETRIES["count"] += 1
            time.sleep(0.05 * attempt)
    return 0, 0.0


def get(host, port, path, cookie=""):
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
    except (OSError, http.client.HTTPException):
        conn.close()
        conn = _local.conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
    response.read()
    return response.status


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid → (parent pid, CPU seconds used, command line) of every process (Linux /proc)."""
    found, tick = {}, os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read().rpartition(")")[2].split()
                command = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found[int(entry)] = (int(stat[1]), (int(stat[11]) + int(stat[12])) / tick, command)
    return found


def gunicorn_workers(processes=None) -> list[int]:
    """Pids of the gunicorn workers this bench started (children of our gunicorn master)."""
    processes = processes or _processes()
    masters = {pid for pid, (parent, _, _) in processes.items() if parent == os.getpid()}
    return [pid for pid, (parent, _, _) in processes.items() if parent in masters]


def cpu_now(database: str) -> dict:
    """CPU seconds so far per process of this run: its gunicorn workers, the PostgreSQL backends
    serving its database (their process title names it) and the bench client itself (other
    sessions' processes on the shared machine are not counted)."""
    processes = _processes()
    used = {("client", os.getpid()): cpu_seconds()}
    for pid in gunicorn_workers(processes):
        used["gunicorn", pid] = processes[pid][1]
    for pid, (_, seconds, command) in processes.items():
        if command.startswith("postgres: ") and f" {database} " in command:
            used["postgres", pid] = seconds
    return used


def cpu_add(total: dict, before: dict, database: str) -> None:
    """Add each kind's CPU since `before` to `total` (a process gone meanwhile, such as the
    killed worker, loses its share of the window; a new one counts from its start)."""
    for (kind, pid), seconds in cpu_now(database).items():
        total[kind] = total.get(kind, 0.0) + seconds - before.get((kind, pid), 0.0)


class Turns:
    """Saves and the bare view take turns on the same server: `window` seconds of saves, then the
    candidates' browsers hold between two changes (none in flight) while a burst of bare-view
    requests runs, then saves again. Each side's rate is its requests over its own wall time, so
    the load other work puts on the shared machine weighs on both alike (two phases one after
    the other measured whatever else was running at the time as much as the app)."""

    def __init__(self):
        self.go = threading.Event()
        self.go.set()
        self.lock = threading.Condition()
        self.in_flight = 0

    def enter(self):
        """Before a save: wait while the bare view has its turn."""
        while True:
            self.go.wait()
            with self.lock:
                if self.go.is_set():
                    self.in_flight += 1
                    return

    def leave(self):
        with self.lock:
            self.in_flight -= 1
            if not self.in_flight:
                self.lock.notify_all()

    def hold(self):
        """Stop the saves: no new one starts; returns once none is in flight."""
        self.go.clear()
        with self.lock:
            while self.in_flight:
                self.lock.wait()

    def resume(self):
        self.go.set()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--window", type=float, default=WINDOW, help="seconds of saves between two bare-view bursts")
    parser.add_argument("--turn", type=float, default=TURN, help="seconds of bare-view requests after each window")
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database to drop, create and use")
    args = parser.parse_args()
    began = time.perf_counter()
    with bench_database(args.database) as env:
        for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SKILLCERT_VAR_DIR", "REDIS_URL", "DEBUG"):
            os.environ[key] = env[key]
        import django

        django.setup()
        from django.db import connection

        browsers, keys = seed(candidates=args.candidates, items=args.items)
        connection.close()
        rng = random.Random(2026)
        plans = [(token, cookie, changes_for(rng, args.items)) for token, cookie in browsers]
        expected = sum(len(changes) for _t, _c, changes in plans)
        turns = Turns()
        with gunicorn(env, workers=args.workers, threads=args.threads) as base_url:
            parsed = urllib.parse.urlsplit(base_url)
            host, port = parsed.hostname, parsed.port
            done = {"n": 0}
            killed = {}

            def killer():
                while done["n"] < len(plans) // 2:
                    time.sleep(0.1)
                victim = gunicorn_workers()[0]
                os.kill(victim, signal.SIGKILL)
                killed["pid"] = victim

            def candidate(plan):
                _token, cookie, changes = plan
                results = []
                for change in changes:
                    body = (
                        f'{{"position":{change["position"]},"choice":"{change["choice"]}",'
                        f'"flagged":{"true" if change["flagged"] else "false"},"seq":{change["seq"]},"spent":20}}'
                    ).encode()
                    turns.enter()
                    try:
                        results.append(post(host, port, "/examroom/exam/save/", body, cookie))
                    finally:
                        turns.leave()
                done["n"] += 1
                return results

            def bare_turn(seconds: float):
                deadline = time.perf_counter() + seconds
                sessions = (keys[n % len(keys)] for n in itertools.count())
                return run_clients(
                    args.clients, itertools.takewhile(lambda _key: time.perf_counter() < deadline, sessions),
                    lambda key: get(host, port, "/bench/bare/", f"sessionid={key}"), phase="bare",
                )  # fmt: skip

            bare_turn(args.turn)  # warm-up: every worker has loaded its code and opened its connections
            outcomes, bare = [], []
            save_time = bare_time = 0.0
            save_cpu, bare_cpu = {}, {}
            saves = threading.Thread(
                target=lambda: outcomes.extend(run_clients(args.clients, plans, candidate, phase="autosave")[1])
            )
            watcher = threading.Thread(target=killer, daemon=True)
            watcher.start()
            cpu, started = cpu_now(args.database), time.perf_counter()
            saves.start()
            while True:
                saves.join(timeout=args.window)
                turns.hold()
                save_time += time.perf_counter() - started
                cpu_add(save_cpu, cpu, args.database)
                if not saves.is_alive():
                    break
                cpu = cpu_now(args.database)
                elapsed, results = bare_turn(args.turn)
                bare_time += elapsed
                bare += results
                cpu_add(bare_cpu, cpu, args.database)
                cpu, started = cpu_now(args.database), time.perf_counter()
                turns.resume()
            watcher.join(timeout=5)
            workers_after = gunicorn_workers()
        statuses = [status for results in outcomes for status, _ in results]
        latencies = [elapsed for results in outcomes for status, elapsed in results if status == 200]
        from django.db.models import Sum

        from skillcert.cbt import rules
        from skillcert.cbt.models import Answer, Attempt

        stored = Answer.objects.aggregate(n=Sum("changes"))["n"] or 0
        out_of_order = 0
        final = {}
        for token, _cookie, changes in plans:
            for change in changes:
                final[(token, change["position"])] = change
        registration_of = dict(Attempt.objects.values_list("token", "registration_id"))
        for token, position, choice, flagged, seq in Answer.objects.values_list(
            "attempt__token", "position", "choice", "flagged", "seq"
        ).iterator(chunk_size=10000):
            change = final[(token, position)]
            order = rules.option_order(
                secret="bench", registration=registration_of[token], position=position, size=4, shuffle=True
            )
            wanted = rules.displayed_to_canonical(order, change["choice"])
            if (choice, flagged, seq) != (wanted, change["flagged"], change["seq"]):
                out_of_order += 1
        connection.close()
    save_rps = len(statuses) / save_time
    bare_rps = len(bare) / bare_time
    bad = sum(1 for status in statuses if status != 200)
    bad_bare = sum(1 for status in bare if status != 200)
    print(f"autosave: {save_rps:.0f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 99) * 1000:.0f} ms")  # fmt: skip
    print(f"answers expected {expected}, stored {stored}, lost {expected - stored}, out of order {out_of_order}")
    print(f"bare view, logged in: {bare_rps:.0f} requests/s")
    print(f"ratio autosave / logged-in bare view: {save_rps / bare_rps:.2f} (target >= 0.5)")

    def per_request(cpu, count):
        return ", ".join(
            f"{name} {cpu.get(name, 0) / count * 1000:.2f} ms" for name in ("gunicorn", "postgres", "client")
        )

    print(f"  ({args.candidates} candidates x {args.items} items, {args.clients} clients, gunicorn {args.workers} "
          f"workers x {args.threads} threads; saves and bare view in turns: {save_time:.0f} s of saves, "
          f"{len(bare)} bare requests in {bare_time:.0f} s; worker {killed.get('pid')} killed midway, workers "
          f"after: {len(workers_after)}; non-200 saves {bad}, non-200 bare {bad_bare}, resent after a dropped or idle-closed "
          f"connection {RETRIES['count']}; total run {time.perf_counter() - began:.0f} s)\n"
          f"  CPU per request (this run's gunicorn workers, PostgreSQL backends, bench client): save: {per_request(save_cpu, len(statuses))}; "
          f"bare view: {per_request(bare_cpu, max(len(bare), 1))}", file=sys.stderr)  # fmt: skip
    ok = expected == stored and out_of_order == 0 and bad == 0 and bad_bare == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
