"""Issue 14 §4: rate limits were neither shared between workers nor per client behind the TLS
proxy. A prober behind our proxy rotates a forged X-Forwarded-For to look like many clients;
two real users behind the same proxy must not share one counter; and every gunicorn worker
(process) must count into the same Redis counter."""

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skillcert.accounts import throttle

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PROXY = "10.0.0.5"  # REMOTE_ADDR of every request that comes through our TLS proxy
ROOT = Path(__file__).resolve().parents[2]
REDIS_DB2 = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
LIMIT = int(throttle.LOGIN_PER_IP.rate.split("/")[0])


def attempt(client, forwarded_for: str | None = None) -> int:
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": "someone", "password": "x"}, **headers).status_code


def test_a_forged_left_most_address_does_not_escape_the_limit_behind_one_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client writes its own X-Forwarded-For; our proxy appends the address it saw.
    statuses = [attempt(client, f"198.51.100.{n}, 203.0.113.7") for n in range(LIMIT + 1)]
    assert statuses[:LIMIT] == [200] * LIMIT and statuses[-1] == 429


def test_two_clients_behind_the_proxy_have_separate_counters(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert [attempt(client, "203.0.113.7") for _ in range(LIMIT + 1)][-1] == 429
    assert attempt(client, "203.0.113.8") == 200
    assert attempt(client, "2001:db8:1:2::1") == 200
    assert attempt(client, "2001:db8:1:2::ffff") == 200  # the same /64: one subscriber's network


def test_without_a_trusted_proxy_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [attempt(client, f"198.51.100.{n}") for n in range(LIMIT + 1)]
    assert statuses[-1] == 429


def test_two_proxies_read_the_second_address_from_the_right(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    statuses = [attempt(client, f"1.2.3.{n}, 203.0.113.7, 10.0.0.9") for n in range(LIMIT + 1)]
    assert statuses[-1] == 429
    assert attempt(client, "203.0.113.8, 10.0.0.9") == 200
    # Not an address where our proxy writes one: counted as the proxy itself, one counter for all.
    assert [attempt(client, f"junk{n}, 10.0.0.9") for n in range(LIMIT + 1)][-1] == 429


def test_the_certificate_check_counts_per_client_too(client, settings):
    """django-ratelimit's key="ip" reads the same client address (RATELIMIT_IP_META_KEY)."""
    from skillcert.certificates.views import RATE

    settings.TRUSTED_PROXY_COUNT = 1
    limit = int(RATE.split("/")[0])
    first = [
        client.get("/certificates/verify/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 203.0.113.7")
        for n in range(limit + 1)
    ]
    assert first[-1].status_code == 429
    other = client.get("/certificates/verify/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env={**base, **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "skillcert.example"}
SHOW_SETTINGS = """
    import json
    from skillcert import production
    print(json.dumps([production.CACHES["default"]["BACKEND"], production.TRUSTED_PROXY_COUNT]))
"""


def test_production_settings_refuse_to_start_without_a_shared_cache():
    refused = run_python(SHOW_SETTINGS, PRODUCTION)
    assert refused.returncode != 0 and "REDIS_URL is required in production" in refused.stderr
    started = run_python(SHOW_SETTINGS, {**PRODUCTION, "REDIS_URL": REDIS_DB2})
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout) == ["django.core.cache.backends.redis.RedisCache", 1]


COUNT_IN_A_WORKER = """
    import json, os, sys
    import django
    django.setup()
    from django.test import RequestFactory
    from skillcert.accounts import throttle
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=os.environ["PROBE_ADDR"])
    print(json.dumps([throttle.hit(request, throttle.LOGIN_PER_IP) for _ in range(int(sys.argv[-1]))]))
"""


def worker(hits: int, address: str) -> list[bool]:
    env = {"DJANGO_SETTINGS_MODULE": "skillcert.settings", "REDIS_URL": REDIS_DB2, "PROBE_ADDR": address}
    done = run_python(COUNT_IN_A_WORKER.replace("int(sys.argv[-1])", str(hits)), env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_DB2, socket_connect_timeout=2).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis server at {REDIS_DB2} (TEST_REDIS_URL)")
def test_two_worker_processes_share_one_redis_counter():
    address = f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(256)}"  # a counter no other run used
    first = worker(LIMIT - 5, address)
    second = worker(6, address)
    assert not any(first) and second == [False] * 5 + [True]  # alone, each process would still be under
