"""E-mail (SPEC §12): bilingual templates, sent after commit, retried with back-off, and
proven to leave Django through a real SMTP server on loopback."""

import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from skillcert.notifications import tasks
from skillcert.notifications.services import email_after_commit

pytestmark = pytest.mark.django_db

CONTEXT = {
    "username": "meiling2026",
    "name_zh": "林美玲 & <家人>",
    "login_url": "http://127.0.0.1:8000/accounts/login/",
}


def test_sign_up_confirmation_is_in_chinese_and_english_and_not_html_escaped(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
    [message] = mailoutbox
    assert message.subject == "[iPAS 能力鑑定] 帳號註冊完成 / Your account is ready"
    assert "您已完成" in message.body and "Your candidate account" in message.body
    assert "林美玲 & <家人>" in message.body  # plain text: no &amp;
    assert message.to == ["m@example.com"]


def test_temporary_password_mail_states_account_password_and_expiry(mailoutbox, django_capture_on_commit_callbacks):
    context = {**CONTEXT, "temporary_password": "Temp2026abcd", "expires_at": "115/05/02(六) 17:00"}
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(template="temporary_password", to=["m@example.com"], context=context)
    body = mailoutbox[0].body
    for expected in [
        "帳號：meiling2026",
        "臨時密碼：Temp2026abcd",
        "115/05/02(六) 17:00",
        "Temporary password: Temp2026abcd",
    ]:
        assert expected in body


def test_nothing_is_sent_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
            raise RuntimeError("the service failed")
    assert mailoutbox == []


def test_a_failed_send_is_retried(monkeypatch, mailoutbox):
    real_send = EmailMultiAlternatives.send
    attempts = []

    def flaky_send(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    tasks.send_email.enqueue("signup_confirmation", ["m@example.com"], CONTEXT, "zh-hant")
    assert len(attempts) == 3 and len(mailoutbox) == 1


def test_sending_gives_up_after_the_last_attempt(monkeypatch, caplog):
    attempts = []

    def broken_send(self, *args, **kwargs):
        attempts.append(1)
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    tasks.send_email.enqueue("signup_confirmation", ["m@example.com"], CONTEXT, "zh-hant")
    assert len(attempts) == tasks.MAX_ATTEMPTS
    assert "giving up" in caplog.text


def test_retry_is_deferred_with_back_off_on_a_queue_that_supports_it(monkeypatch):
    scheduled = []

    class FakeTask:
        name = "send_email"

        def using(self, run_after):
            scheduled.append(run_after)
            return self

        def enqueue(self, *args):
            scheduled.append(args[-1])

    from django.utils import timezone

    before = timezone.now()
    tasks._retry(FakeTask(), 2, "signup_confirmation", ["m@example.com"], {}, "zh-hant")
    run_after, next_attempt = scheduled
    assert next_attempt == 3
    assert 3 * 60 < (run_after - before).total_seconds() <= 4 * 60 + 1  # 2**2 minutes


def test_mail_reaches_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
    message = smtp_server.wait_for(lambda m: "帳號註冊完成" in m["Subject"])
    assert message["X-Envelope-To"] == "m@example.com"
    assert "meiling2026" in smtp_server.body(message)


def test_every_attempt_carries_the_message_id_chosen_when_queued(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    real_send = EmailMultiAlternatives.send
    ids = []

    def flaky_send(self, *args, **kwargs):
        ids.append(self.message()["Message-ID"])
        if len(ids) < 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    with django_capture_on_commit_callbacks(execute=True):
        email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
        email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
    first, retried, second = ids
    assert first == retried == mailoutbox[0].message()["Message-ID"]
    assert second != first  # two messages queued are two messages, even with the same content
    assert first.endswith("@skillcert.example>")
