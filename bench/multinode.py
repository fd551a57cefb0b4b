"""Multi-node rehearsal: what a real deployment depends on, checked on this machine.

nginx (Debian's package; skipped with a message when it is not installed) as the reverse proxy
on a high loopback port, config generated into a temporary directory, in front of two gunicorn
app nodes; two task workers; two schedulers; PostgreSQL (database sc_ops_bench) and Redis (db 3)
shared by all, with the production settings (skillcert.production: TRUSTED_PROXY_COUNT=1,
REDIS_URL). nginx stands in for the TLS proxy too: it tells the app the request came over
HTTPS (X-Forwarded-Proto), as the TLS terminator does in production (docs/deploy.md).

Checks, each on one printed line: the registration rush through the proxy (bench/registration_rush's
machinery: seats held = quota, nothing lost or duplicated); a login made on one node is valid on
the other (sessions in the database and the shared cache); failed logins spread over both nodes
hit one shared limit; 1,000 queued e-mails reach an SMTP server on loopback once each through
two workers; with two schedulers every job ran once per period (SCHEDULER_EVERY_SECONDS makes
the periods a few seconds long). Options: --submissions N --quota N --clients N --emails N."""

import argparse
import contextlib
import datetime as dt
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _server import PYTHON, ROOT, bench_database, free_port, gunicorn, process_stop, wait_for_port  # noqa: E402
from registration_rush import forms_open, registrations_submit, seed  # noqa: E402

DB_NAME = "sc_ops_bench"
REDIS_URL = os.environ.get("BENCH_MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/3")
SCHEDULER_PERIOD = 3  # seconds: every job, so a few minutes hold dozens of periods
MAIL_DOMAIN = "multinode.example"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


class MailCounter:
    """aiosmtpd handler: counts each Message-ID delivered to MAIL_DOMAIN."""

    def __init__(self):
        self.ids, self.lock = Counter(), threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if any(rcpt.endswith("@" + MAIL_DOMAIN) for rcpt in envelope.rcpt_tos):
            found = re.search(rb"^Message-ID:\s*(\S+)", envelope.original_content or envelope.content, re.M | re.I)
            with self.lock:
                self.ids[found.group(1) if found else b"?"] += 1
        return "250 OK"


NGINX_CONF = """
worker_processes 2;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  upstream app {{ {servers} keepalive 64; }}
  {pinned_upstreams}
  {servers_blocks}
}}
"""
SERVER_BLOCK = """
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://{upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }}
  }}"""


@contextlib.contextmanager
def nginx(tmp: Path, nodes: list[str]):
    """nginx in front of `nodes`; yields (port balancing over all, [port pinned to each node])."""
    ports = [free_port() for _ in range(len(nodes) + 1)]
    addresses = [urllib.parse.urlsplit(node).netloc for node in nodes]
    conf = NGINX_CONF.format(
        tmp=tmp,
        user="user root;" if os.geteuid() == 0 else "",
        servers=" ".join(f"server {address};" for address in addresses),
        pinned_upstreams="\n  ".join(
            f"upstream node{n} {{ server {address}; keepalive 16; }}" for n, address in enumerate(addresses)
        ),
        servers_blocks="".join(
            SERVER_BLOCK.format(port=port, upstream=upstream)
            for port, upstream in zip(ports, ["app", *(f"node{n}" for n in range(len(nodes)))], strict=True)
        ),
    )
    (tmp / "nginx.conf").write_text(conf)
    process = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-e", str(tmp / "error.log")])
    try:
        wait_for_port(ports[0], process, tmp / "error.log")
        yield ports[0], ports[1:]
    finally:
        process_stop(process, sig=signal.SIGQUIT)  # nginx's graceful stop


@contextlib.contextmanager
def managed(env: dict, log: Path, *command: str):
    """`manage.py <command>` in the background for the duration (stopped with SIGTERM)."""
    with open(log, "w") as out:
        process = subprocess.Popen([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            yield process
        finally:
            process_stop(process, timeout=20)


def fetch(port: int, method: str, path: str, *, source: str, cookies: dict, body: dict | None = None):
    """One request from the client address `source` (a loopback address: nginx sees it as the
    client); returns (status, text) and keeps the cookies it set."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Origin": f"https://127.0.0.1:{port}"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": cookies.get("csrftoken", ""), **body})
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text
    finally:
        conn.close()


def login(port: int, *, source: str, cookies: dict, username: str, password: str) -> int:
    """The real login form: open it, read the captcha's answer where the server keeps it (as a
    person reads the picture), post. Returns the status."""
    from captcha.models import CaptchaStore

    status, page = fetch(port, "GET", "/accounts/login/", source=source, cookies=cookies)
    key = re.search(r"/captcha/image/(\w+)/", page)
    if status != 200 or key is None:
        raise RuntimeError(f"login page answered {status}")
    answer = CaptchaStore.objects.get(hashkey=key.group(1)).response
    form = {"username": username, "password": password, "captcha_0": key.group(1), "captcha_1": answer}
    return fetch(port, "POST", "/accounts/login/", source=source, cookies=cookies, body=form)[0]


def check_sessions(pinned: list[int]) -> bool:
    """Log in through node 1; node 2 knows the session (and node 1 still does)."""
    from django.contrib.auth.hashers import make_password

    from skillcert.accounts.models import CandidateProfile, User

    password = secrets.token_urlsafe(12) + "a1"
    user = User.objects.create(
        username="multinode", email=f"multinode@{MAIL_DOMAIN}", kind="candidate", password=make_password(password)
    )
    CandidateProfile.objects.create(user=user, name_zh="多節點", national_id="M100000001")
    cookies = {}
    logged_in = login(pinned[0], source="127.0.0.3", cookies=cookies, username="multinode", password=password)
    answers = [fetch(port, "GET", "/portal/", source="127.0.0.3", cookies=cookies)[0] for port in reversed(pinned)]
    return logged_in == 302 and "sessionid" in cookies and answers == [200, 200]


def check_rate_limit(pinned: list[int]) -> tuple[int | None, int]:
    """Failed logins (right captcha, wrong password, a different account each time) from one
    client, alternating between the nodes: the count accepted before the first 429."""
    from skillcert.accounts import throttle

    limit = int(throttle.LOGIN_PER_IP.rate.split("/")[0])
    for attempt in range(limit + 5):
        cookies = {}
        status = login(
            pinned[attempt % 2], source="127.0.0.2", cookies=cookies, username=f"nobody{attempt}", password="wrong-1"
        )
        if status == 429:
            return attempt, limit
        if status != 200:
            raise RuntimeError(f"a failed login answered {status}")
    return None, limit


def check_tasks(counter: MailCounter, emails: int) -> tuple[int, int]:
    """Queue `emails` e-mails in one transaction (the outbox); wait for the workers to deliver them."""
    from django.db import transaction

    from skillcert.notifications.services import email_after_commit

    with transaction.atomic():
        for n in range(emails):
            email_after_commit(
                template="signup_confirmation", to=f"mail{n}@{MAIL_DOMAIN}", context={"name": f"考生{n}"}
            )
    deadline = time.monotonic() + 240
    while len(counter.ids) < emails and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # a duplicate would arrive late
    with counter.lock:
        return len(counter.ids) - (b"?" in counter.ids), sum(n - 1 for n in counter.ids.values())


def check_scheduler(started: dt.datetime, until: dt.datetime, schedulers: list) -> bool:
    """Every job ran exactly once, successfully, in every whole period while both schedulers ran."""
    from skillcert.scheduling.jobs import JOBS
    from skillcert.scheduling.models import JobRun

    period = dt.timedelta(seconds=SCHEDULER_PERIOD)
    ok = True
    for job in JOBS:
        periods = list(
            JobRun.objects.filter(job=job.name, period_start__gte=started, period_start__lt=until)
            .order_by("period_start")
            .values_list("period_start", "succeeded")
        )
        starts = [start for start, _ in periods]
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
        ok = ok and len(starts) >= 5 and len(set(starts)) == len(starts)
        ok = ok and all(gap == period for gap in gaps) and all(succeeded for _, succeeded in periods)
    return ok and all(process.poll() is None for process in schedulers)  # both ran throughout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--quota", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--emails", type=int, default=1000)
    args = parser.parse_args()
    if NGINX is None:
        print("multinode: skipped, nginx is not installed (Debian: apt-get install nginx-light)")
        return 0
    import redis
    from aiosmtpd.controller import Controller

    redis.Redis.from_url(REDIS_URL).flushdb()
    counter = MailCounter()
    smtp = Controller(counter, hostname="127.0.0.1", port=free_port())
    smtp.start()
    with contextlib.ExitStack() as stack:
        stack.callback(smtp.stop)
        env = stack.enter_context(bench_database(DB_NAME))
        env.update(
            DJANGO_SETTINGS_MODULE="skillcert.production", SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost", REDIS_URL=REDIS_URL, TRUSTED_PROXY_COUNT="1",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port), SCHEDULER_EVERY_SECONDS=str(SCHEDULER_PERIOD),
        )  # fmt: skip
        for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SKILLCERT_VAR_DIR", "DEBUG", *env.keys()):
            os.environ[key] = env[key]
        import django

        django.setup()
        from django.db import connection
        from django.db.models import Count

        from skillcert.catalog.models import SeatPool
        from skillcert.core import clock
        from skillcert.registrations.models import CLOSED_STATES, Registration

        session, keys, form = seed(candidates=args.submissions, quota=args.quota, pool=True)
        var = Path(env["SKILLCERT_VAR_DIR"])
        nodes = [stack.enter_context(gunicorn(env, workers=2)) for _ in range(2)]
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="multinode-nginx-")))
        os.chmod(tmp, 0o755)
        proxy, pinned = stack.enter_context(nginx(tmp, nodes))
        for n in (1, 2):
            stack.enter_context(managed(env, var / f"worker{n}.log", "db_worker", f"--worker-id=node{n}"))
        scheduling_since = clock.now()
        schedulers = [stack.enter_context(managed(env, var / f"scheduler{n}.log", "run_scheduler")) for n in (1, 2)]
        print(f"nodes: {len(nodes)} app nodes behind nginx, 2 task workers, 2 schedulers")

        path = f"/portal/registrations/new/{session.pk}/"
        headers = {"Origin": f"https://127.0.0.1:{proxy}"}
        _, browsers = forms_open("127.0.0.1", proxy, path, keys, clients=args.clients, headers=headers)
        rush_time, results = registrations_submit(
            "127.0.0.1", proxy, path, browsers, form, clients=args.clients, headers=headers
        )
        statuses = [status for status, _ in results]
        accepted, other = statuses.count(302), len(statuses) - statuses.count(302) - statuses.count(409)
        stored = Registration.objects.filter(session=session).exclude(status__in=CLOSED_STATES)
        duplicated = stored.values("candidate").annotate(n=Count("id")).filter(n__gt=1).count()
        held, lost = SeatPool.objects.get(session=session).held, abs(accepted - stored.count())
        rush_ok = held == args.quota == stored.count() and lost == 0 and duplicated == 0 and other == 0
        print(f"rush through the proxy: {len(statuses) / rush_time:.0f} requests/s, seats held {held} "
              f"(quota {args.quota}), lost {lost}, duplicated {duplicated}")  # fmt: skip

        sessions_ok = check_sessions(pinned)
        print(f"sessions across nodes: a login on one node is valid on the other: {'yes' if sessions_ok else 'no'}")

        refused_after, limit = check_rate_limit(pinned)
        print(f"shared rate limit: 429 after {refused_after} failed logins spread over both nodes (limit {limit})")

        sent, duplicated_mails = check_tasks(counter, args.emails)
        print(f"tasks: {args.emails} e-mails queued, sent {sent}, duplicated {duplicated_mails}")

        while clock.now() - scheduling_since < dt.timedelta(seconds=SCHEDULER_PERIOD * 7):
            time.sleep(1)
        period = dt.timedelta(seconds=SCHEDULER_PERIOD)
        scheduler_ok = check_scheduler(scheduling_since + period, clock.now() - period, schedulers)
        print(f"scheduler: each job ran once per period with two schedulers: {'yes' if scheduler_ok else 'no'}")
        connection.close()
        ok = rush_ok and sessions_ok and refused_after == limit and sent == args.emails and duplicated_mails == 0
        ok = ok and scheduler_ok
        print(f"multinode: {'all checks hold' if ok else 'SOME CHECKS FAILED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
