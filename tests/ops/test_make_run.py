"""A fresh `make run` server (the Makefile's own `serve` target: gunicorn on the make-run
settings) on a free port and a new SQLite file: a mistyped address gets the zh-Hant 404 page,
not Django's route list, and the links it generates (an e-mail's, a certificate's QR code)
carry the address it really serves."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, environment) of `make serve` on a migrated, empty SQLite database."""
    port = _free_port()
    var_dir = tmp_path_factory.mktemp("make-run-var")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "SITE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")
    }
    env.update(SKILLCERT_VAR_DIR=str(var_dir), PYTHONPATH=str(ROOT))
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    run_env = {**env, "DJANGO_SETTINGS_MODULE": "skillcert.local_production", "HOST": "127.0.0.1", "PORT": str(port)}
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=run_env, check=True)
    log = open(var_dir / "serve.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}", "WORKERS=1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert server.poll() is None and time.monotonic() < deadline, (var_dir / "serve.log").read_text()
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", run_env
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()


def test_a_mistyped_address_gets_the_zh_hant_404_page_not_a_route_list(served):
    base_url, _env = served
    status, page = _get(base_url + "/no-such-page/")
    assert status == 404
    assert "找不到網頁" in page and '<html lang="zh-Hant-TW">' in page
    assert "URLconf" not in page and "Using the URLconf" not in page and "DEBUG" not in page


def test_static_files_are_served_by_the_production_server(served):
    base_url, _env = served
    status, home = _get(base_url + "/")
    assert status == 200
    stylesheet = home.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert _get(base_url + stylesheet)[0] == 200


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed (make setup installs it)")
def test_an_email_link_and_a_certificate_qr_code_carry_the_served_address(served):
    base_url, run_env = served
    probe = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("served_probe.py"))],
        cwd=ROOT, env=run_env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(probe.stdout)
    assert f"{base_url}/portal/" in found["email_body"]
    assert found["qr"].startswith(f"{base_url}/certificates/")
    status, page = _get(found["qr"])  # the server answers the address the QR code reads
    assert status == 200 and found["number"] in page
