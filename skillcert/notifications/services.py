"""Queue messages after the surrounding transaction commits, never during a request."""

from django.conf import settings
from django.db import transaction

from .rendering import email_message_id
from .tasks import send_email, send_sms


def _queue_rides_the_transaction(task) -> bool:
    """The database task backend writes its rows through the same connection: a task enqueued
    inside the caller's transaction commits with it and vanishes with a rollback (an outbox),
    saving a second commit per message. The worker only sees it after commit."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend) and transaction.get_connection().in_atomic_block


def email_after_commit(*, template: str, to: str | list[str], context: dict, language: str | None = None) -> None:
    """Send only if the surrounding transaction commits. `context` must be JSON-serialisable
    (strings, numbers): tasks take plain values. E-mails are written in zh-Hant with the English
    alongside, so they go out in the site's language whatever page the sender was on."""
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or settings.LANGUAGE_CODE
    message_id = email_message_id()  # chosen once: a message sent twice after a crash keeps it
    if _queue_rides_the_transaction(send_email):
        send_email.enqueue(template, recipients, context, language, message_id=message_id)
    else:
        transaction.on_commit(
            lambda: send_email.enqueue(template, recipients, context, language, message_id=message_id)
        )


def sms_after_commit(*, to: str, body: str) -> None:
    transaction.on_commit(lambda: send_sms.enqueue(to, body))
