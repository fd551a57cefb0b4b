"""Queue messages after the surrounding transaction commits, never during a request."""

from django.db import transaction
from django.utils import translation

from .tasks import send_email, send_sms


def email_after_commit(*, template: str, to: str | list[str], context: dict, language: str | None = None) -> None:
    """`context` must be JSON-serialisable (strings, numbers): tasks take plain values."""
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or translation.get_language() or "zh-hant"
    transaction.on_commit(lambda: send_email.enqueue(template, recipients, context, language))


def sms_after_commit(*, to: str, body: str) -> None:
    transaction.on_commit(lambda: send_sms.enqueue(to, body))
