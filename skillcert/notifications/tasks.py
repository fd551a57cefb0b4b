"""Background sends. Tasks take plain values, are safe to run twice, and retry on failure
by enqueueing themselves again later (django-tasks has no built-in retry)."""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from .rendering import email_build
from .sms import get_backend

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def _retry(task_obj, attempt: int, *args, **kwargs) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error("giving up %s after %s attempts", task_obj.name, attempt)
        return
    delay = dt.timedelta(minutes=2**attempt)
    try:
        task_obj.using(run_after=timezone.now() + delay).enqueue(*args, attempt + 1, **kwargs)
    except Exception:  # backends without run_after support (immediate) retry at once
        task_obj.enqueue(*args, attempt + 1, **kwargs)


@task()
def send_email(
    template: str, to: list[str], context: dict, language: str = "zh-hant", attempt: int = 1, message_id: str = ""
) -> None:
    """Render templates/notifications/email/<template>.{subject.txt,txt} and send it. Every
    attempt carries the same Message-ID (notifications.rendering)."""
    message = email_build(template=template, to=to, context=context, language=language, message_id=message_id)
    try:
        message.send()
    except OSError:
        logger.warning("e-mail %s to %s failed (attempt %s)", template, to, attempt, exc_info=True)
        _retry(send_email, attempt, template, to, context, language, message_id=message.extra_headers["Message-ID"])


@task()
def send_sms(to: str, body: str, attempt: int = 1) -> None:
    try:
        get_backend().send(to, body)
    except Exception:
        logger.warning("SMS to %s failed (attempt %s)", to, attempt, exc_info=True)
        _retry(send_sms, attempt, to, body)
