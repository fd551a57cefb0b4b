"""The message log (issue 16): every e-mail and SMS has a row from the moment it is queued,
updated by each attempt; the back office lists and searches it, and support resends."""

import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.core.models import AuditEntry
from skillcert.notifications import tasks
from skillcert.notifications.models import Message
from skillcert.notifications.services import email_after_commit, sms_after_commit
from tests.factories import CandidateFactory, staff_user

pytestmark = pytest.mark.django_db

CONTEXT = {"username": "meiling2026", "name_zh": "林美玲", "login_url": "http://127.0.0.1:8000/accounts/login/"}
LOG_URL = reverse("backoffice:notifications_message_changelist")


def _queue_signup_mail(capture, to="m@example.com") -> Message:
    with capture(execute=True):
        return email_after_commit(template="signup_confirmation", to=to, context=CONTEXT)


def test_a_sent_mail_is_logged_with_what_went_out(mailoutbox, django_capture_on_commit_callbacks):
    message = _queue_signup_mail(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error, message.recipient) == ("sent", 1, "", "m@example.com")
    assert message.subject == mailoutbox[0].subject and "meiling2026" in message.body
    assert mailoutbox[0].message()["Message-ID"] == message.message_id


def test_a_message_queued_in_a_rolled_back_transaction_leaves_no_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            email_after_commit(template="signup_confirmation", to="m@example.com", context=CONTEXT)
            raise RuntimeError("the service failed")
    assert not Message.objects.exists()


def test_failed_attempts_are_counted_with_their_error(monkeypatch, django_capture_on_commit_callbacks):
    def broken_send(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    message = _queue_signup_mail(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == ("failed", tasks.MAX_ATTEMPTS, "connection lost")


def test_an_sms_is_logged_and_a_mail_sent_outside_the_outbox_still_gets_its_row(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sms_after_commit(to="0912345678", body="iPAS 臨時密碼 X")
    tasks.send_email.call("signup_confirmation", ["n@example.com"], CONTEXT, "zh-hant")
    sms, mail = Message.objects.get(channel="sms"), Message.objects.get(channel="email")
    assert (sms.recipient, sms.status, sms.attempts) == ("0912345678", "sent", 1)
    assert (mail.recipient, mail.template, mail.status) == ("n@example.com", "signup_confirmation", "sent")


@pytest.fixture
def roles():
    roles_setup()


def test_support_finds_a_candidates_mails_by_address(client, roles, django_capture_on_commit_callbacks):
    _queue_signup_mail(django_capture_on_commit_callbacks, to="wanted@example.com")
    _queue_signup_mail(django_capture_on_commit_callbacks, to="other@example.com")
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    page = client.get(LOG_URL, {"q": "wanted@"}).content.decode()
    assert "wanted@example.com" in page and "other@example.com" not in page
    assert "signup_confirmation" in page and "已寄出" in page


@pytest.mark.parametrize("role", [StaffRole.FINANCE, StaffRole.VENUE, StaffRole.REVIEWER])
def test_staff_without_the_log_are_refused(client, roles, role):
    client.force_login(staff_user(role))
    assert client.get(LOG_URL).status_code == 403


def test_candidates_and_anonymous_visitors_are_sent_to_the_login(client, roles):
    assert reverse("backoffice:login") in client.get(LOG_URL).url
    client.force_login(CandidateFactory().user)
    assert reverse("backoffice:login") in client.get(LOG_URL).url


def test_support_resends_a_mail_and_the_resend_is_audited(
    client, roles, mailoutbox, django_capture_on_commit_callbacks
):
    original = _queue_signup_mail(django_capture_on_commit_callbacks)
    officer = staff_user(StaffRole.ITEM_OFFICER)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LOG_URL, {"action": "resend", "_selected_action": [original.pk]})
    assert response.status_code == 302
    copy = Message.objects.get(resent_from=original)
    assert copy.status == "sent" and copy.message_id != original.message_id
    assert [m.to for m in mailoutbox] == [["m@example.com"], ["m@example.com"]]
    entry = AuditEntry.objects.get(action="message.resent")
    assert (entry.actor, entry.target_id, entry.data["copy"]) == (officer, str(original.pk), copy.message_id)


def test_a_staff_member_who_may_only_read_the_log_cannot_resend(
    client, roles, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    original = _queue_signup_mail(django_capture_on_commit_callbacks)
    reader = staff_user()
    reader.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(reader)
    assert client.get(LOG_URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LOG_URL, {"action": "resend", "_selected_action": [original.pk]})
    assert not Message.objects.filter(resent_from=original).exists() and len(mailoutbox) == 1


def test_the_body_is_shown_in_development_only(client, roles, settings, django_capture_on_commit_callbacks):
    message = _queue_signup_mail(django_capture_on_commit_callbacks)
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    url = reverse("backoffice:notifications_message_change", args=[message.pk])
    settings.DEBUG = False
    assert "meiling2026" not in client.get(url).content.decode()
    settings.DEBUG = True
    assert "meiling2026" in client.get(url).content.decode()
