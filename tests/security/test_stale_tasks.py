"""Issue 14, defect 6: a task running when its worker dies was never recovered. Here a real
`manage.py db_worker` process sends a real e-mail to an SMTP server on loopback that holds the
first delivery; the worker is SIGKILLed mid-send, and the e-mail must still arrive (at least
once), carrying the Message-ID it was queued with, after recovery and a new worker."""

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from skillcert.notifications.models import Message
from skillcert.notifications.services import email_after_commit

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {"username": "oneil2026", "name_zh": "O'Neil 陳&林", "login_url": "http://127.0.0.1:8000/accounts/login/"}


class HeldFirstDelivery:
    """Wraps the smtp_server inbox: the first message is taken in and then held, never
    acknowledged, until released; the ones after it are delivered as usual."""

    def __init__(self, inbox):
        self.inbox, self.deliver = inbox, inbox.handle_DATA
        self.held: list = []
        self.released = False
        inbox.handle_DATA = self.handle_DATA

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.held:
            return await self.deliver(server, session, envelope)
        self.held.append(envelope.content)
        while not self.released:
            await asyncio.sleep(0.05)
        return "451 try again later"

    def wait_until_held(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.held:
            assert time.monotonic() < deadline, "the worker never started sending"
            time.sleep(0.05)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(smtp_server, tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(settings.EMAIL_PORT),
        "EMAIL_USE_TLS": "false",
    }
    workers = []

    def start(worker_id: str) -> subprocess.Popen:
        log = (tmp_path / f"{worker_id}-{len(workers)}.log").open("w")
        command = ["manage.py", "db_worker", "--interval=0.1", "--no-startup-delay", "--no-reload"]
        worker = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, *command, f"--worker-id={worker_id}"],
            cwd=Path(settings.BASE_DIR),
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.fixture
def mail_held_by_a_killed_worker(settings, smtp_server, start_worker):
    """Queue one e-mail, let a worker start sending it, SIGKILL the worker mid-send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp = HeldFirstDelivery(smtp_server)
    email_after_commit(template="signup_confirmation", to="oneil@example.com", context=CONTEXT)
    worker = start_worker("slot-1")
    smtp.wait_until_held()
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    smtp.released = True
    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.RUNNING  # what was left behind, for ever, before
    return smtp, task


def _assert_delivered_once_with_the_same_message_id(smtp, inbox, task):
    delivered = inbox.wait_for(lambda m: m["X-Envelope-To"] == "oneil@example.com", timeout=60)
    held = email.message_from_bytes(smtp.held[0], policy=email.policy.default)
    assert delivered["Message-ID"] == held["Message-ID"]  # a duplicate is recognisable
    assert [m["X-Envelope-To"] for m in inbox.messages] == ["oneil@example.com"]
    assert "O'Neil 陳&林" in inbox.body(delivered)
    deadline = time.monotonic() + 30  # the worker records the send after the server took it
    while task.status != TaskResultStatus.SUCCESSFUL and time.monotonic() < deadline:
        time.sleep(0.1)
        task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert list(Message.objects.values_list("message_id", "status")) == [(held["Message-ID"].strip(), "sent")]


def test_a_task_whose_worker_was_killed_is_recovered_and_sent(
    settings, smtp_server, start_worker, mail_held_by_a_killed_worker, capsys
):
    smtp, task = mail_held_by_a_killed_worker
    call_command("recover_stale_tasks")  # a task that started a moment ago is not yet stale
    assert "requeued 0" in capsys.readouterr().out
    settings.TASKS_STALE_AFTER_SECONDS = 0
    call_command("recover_stale_tasks")
    assert "requeued 1" in capsys.readouterr().out
    start_worker("slot-2")
    _assert_delivered_once_with_the_same_message_id(smtp, smtp_server, task)


def test_a_worker_restarted_under_its_id_recovers_its_own_task_at_once(
    smtp_server, start_worker, mail_held_by_a_killed_worker
):
    smtp, task = mail_held_by_a_killed_worker
    start_worker("slot-1")  # no threshold to wait for: the process that held the task is gone
    _assert_delivered_once_with_the_same_message_id(smtp, smtp_server, task)
