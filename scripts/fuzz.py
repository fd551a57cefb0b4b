"""`make fuzz`: schemathesis over every operation of API v1, against a real server.

A temporary SQLite database gets the demo data (`load_demo`) and an admin API key; runserver
starts on a free loopback port; schemathesis runs every operation of /api/v1/openapi.json
with the key and again without it (checks: no server error, responses conform to the schema);
the last line is `fuzz: <N> operations, <M> server errors, <K> schema violations`. Exits
non-zero when M or K is not 0."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from defusedxml import ElementTree as ET

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "5")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
KEY_SCRIPT = """
from skillcert.accounts.models import StaffRole, User
from skillcert.api.models import ApiToken
from django.contrib.auth.models import Group
user = User.objects.create(username="fuzz-admin", kind="staff", is_staff=True)
user.groups.add(Group.objects.get_or_create(name=StaffRole.ADMIN.value)[0])
print(ApiToken.issue(user=user, name="fuzz")[1])
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own loopback server)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"fuzz: the server did not answer at {url}")


def schemathesis(env, url: str, report: Path, headers: list[str]) -> None:
    args = [str(BIN / "st"), "run", url, "--max-examples", EXAMPLES, "--checks",
            "not_a_server_error,response_schema_conformance", "--report", "junit",
            "--report-junit-path", str(report), "--workers", "1", *headers]  # fmt: skip
    # Run in the report's folder: schemathesis keeps its cache (.schemathesis/) in the working directory.
    subprocess.run(args, cwd=report.parent, env=env, check=False)  # noqa: S603 (our own tools)


def tally(reports: list[Path]) -> tuple[int, int, int]:
    operations, server_errors, violations = set(), 0, 0
    for report in reports:
        for case in ET.parse(report).getroot().iter("testcase"):
            if (case.get("name") or "").split(" ", 1)[0] in METHODS:  # not the "Stateful tests" case
                operations.add(case.get("name"))
            for failure in [*case.iter("failure"), *case.iter("error")]:
                text = ((failure.get("message") or "") + (failure.text or "")).lower()
                server_errors += "server error" in text
                violations += "schema" in text and "server error" not in text
    return len(operations), server_errors, violations


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="skillcert-fuzz-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/fuzz.sqlite3", "SKILLCERT_VAR_DIR": tmp,
               "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR"}  # fmt: skip
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo", stdout=subprocess.DEVNULL)
        key = manage(env, "shell", "-c", KEY_SCRIPT, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "python"), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            schema = f"http://127.0.0.1:{port}/api/v1/openapi.json"
            wait_for(schema)
            with_key, without_key = Path(tmp) / "with-key.xml", Path(tmp) / "without-key.xml"
            schemathesis(env, schema, with_key, ["-H", f"Authorization: Bearer {key}"])
            schemathesis(env, schema, without_key, [])
            operations, server_errors, violations = tally([with_key, without_key])
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"fuzz: {operations} operations, {server_errors} server errors, {violations} schema violations")
    return 0 if operations and not server_errors and not violations else 1


if __name__ == "__main__":
    sys.exit(main())
