"""Benchmark helper: a dedicated PostgreSQL database and the app under gunicorn.

    from _server import bench_database, gunicorn
    with bench_database("skillcert_bench") as env, gunicorn(env, workers=2) as base_url: ...

Imported by gunicorn as `_server:application` (with SKILLCERT_BENCH_WSGI=1) it is also the
WSGI entry: the real URLconf plus one bench-only bare view at /bench/bare/, so the production
URLs carry nothing for benchmarks. Run directly (as `make bench` does) it does nothing."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def server_env(db_name: str, **extra) -> dict:
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", f"/tmp/var-{db_name}"))
    (var_dir / "staticfiles").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skillcert.settings",
        "DATABASE_URL": _pg_url(db_name),
        "DB_CONN_MAX_AGE": "600",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
        "SKILLCERT_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        **extra,
    }


@contextlib.contextmanager
def bench_database(db_name: str = "skillcert_bench"):
    """Drop and create `db_name`, migrate it, and yield the environment pointing at it."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db_name}"')
    env = server_env(db_name)
    subprocess.run(
        [str(PYTHON), "manage.py", "migrate", "--noinput", "--skip-checks", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    yield env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 1, port: int | None = None):
    """Start gunicorn on the bench WSGI entry; yield its base URL; stop it (only this process)."""
    port = port or free_port()
    command = [
        str(GUNICORN), "_server:application", "--chdir", str(ROOT / "bench"),
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync", "--backlog", "2048",
        "--log-level", "warning", "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]  # fmt: skip
    # The app logs every 4xx ('Conflict' for a full sitting): keep them out of the figures.
    log_path = Path(env["SKILLCERT_VAR_DIR"]) / "gunicorn.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(command, cwd=ROOT, env={**env, "SKILLCERT_BENCH_WSGI": "1"}, stdout=log, stderr=log)
    try:
        wait_for_port(port, process, log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        process_stop(process)
        log.close()


def wait_for_port(port: int, process, log_path) -> None:
    """Until `process` listens on `port` (30 s at most; its log is named if it never does)."""
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{Path(process.args[0]).name} did not start; see {log_path}")
        time.sleep(0.2)


def process_stop(process, *, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    """Stop this one process (`sig`, then SIGKILL after `timeout` seconds)."""
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()


if os.environ.get("SKILLCERT_BENCH_WSGI"):
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()  # sets Django up before the URLconf is imported

    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request):
        return HttpResponse(b"ok", content_type="text/plain")

    urlpatterns = [path("bench/bare/", bare), path("", include("skillcert.urls"))]
    settings.ROOT_URLCONF = __name__
elif __name__ == "__main__":
    sys.exit(0)


def run_in_bench_database(script: str, db_name: str, inner, *, description: str, **defaults: int) -> None:
    """The entry of a benchmark that runs Django in process: parse `--name N` for each keyword
    of `defaults`, then run `script --inner …` in a child process on a fresh, migrated database
    `db_name` (so Django is set up against it from the start), where `inner(**values)` runs."""
    import argparse

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
    parser = argparse.ArgumentParser(description=description)
    for name, default in defaults.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    values = {name: getattr(args, name) for name in defaults}
    if args.inner:
        inner(**values)
        return
    with bench_database(db_name) as env:
        argv = [f"--{name}={value}" for name, value in values.items()]
        subprocess.run([str(PYTHON), script, "--inner", *argv], cwd=ROOT, env=env, check=True)
