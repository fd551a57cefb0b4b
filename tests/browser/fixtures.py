"""Browser-test fixtures, registered for every test as a pytest plugin by tests/conftest.py
(so no import is needed: just name the fixtures). This file was first announced as tests/browser.py;
it lives here because tests/browser/ is the package of browser tests.

- `browser`: Debian's /usr/bin/chromium, headless, driven by Playwright (never a downloaded build).
- `page` / `phone_page`: a fresh context (zh-TW, Asia/Taipei) whose base URL is pytest-django's
  `live_server`; `phone_page` is 390×844 with touch.
- `axe_check(page)`: runs axe-core in the page and fails on serious or critical violations.
- `screenshot(page, name)`: saves test-artifacts/screenshots/<name>.png for a person to look at.
- `smtp_server`: a real SMTP server (aiosmtpd) on loopback; Django sends to it; `.messages`
  holds the parsed e-mails that arrived.

Mark tests `@pytest.mark.browser`. Playwright's sync API runs an event loop in the test's
thread, so Django's async-safety check is relaxed for these tests only.
"""

import email
import email.policy
import os
import socket
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="zh-TW", timezone_id="Asia/Taipei", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = _context(browser, live_server, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = _context(
        browser,
        live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    yield context.new_page()
    context.close()


SERIOUS = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


@pytest.fixture
def axe_check():
    def check(page):
        violations = run_axe(page)
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )
        assert not violations, f"accessibility violations on {page.url}:\n{details}"

    return check


@pytest.fixture
def screenshot():
    def save(page, name: str) -> Path:
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


class _Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, predicate=lambda m: True, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if predicate(message):
                    return message
            time.sleep(0.05)
        raise AssertionError(
            f"no matching e-mail arrived within {timeout}s; got {[m['Subject'] for m in self.messages]}"
        )

    @staticmethod
    def body(message) -> str:
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content() if part else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
