"""Background sends. Tasks take plain values, are safe to run twice, and retry on failure
by enqueueing themselves again later (django-tasks has no built-in retry)."""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from .models import Message
from .records import message_attempt_record
from .rendering import email_build, email_message_id
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
    attempt carries the same Message-ID (notifications.rendering) and is recorded in the log."""
    message = email_build(template=template, to=to, context=context, language=language, message_id=message_id)
    message_id = message.extra_headers["Message-ID"]
    content = {"template": template, "language": language, "context": context}
    log = {"message_id": message_id, "channel": Message.Channel.EMAIL, "recipient": ", ".join(to)}
    try:
        message.send()
    except OSError as error:
        logger.warning("e-mail %s to %s failed (attempt %s)", template, to, attempt, exc_info=True)
        message_attempt_record(
            **log, **content, error=str(error) or type(error).__name__, gave_up=attempt >= MAX_ATTEMPTS
        )
        _retry(send_email, attempt, template, to, context, language, message_id=message_id)
    else:
        message_attempt_record(**log, **content, subject=message.subject, body=message.body)


@task()
def send_sms(to: str, body: str, attempt: int = 1, message_id: str = "") -> None:
    message_id = message_id or email_message_id(seed=f"sms {to} {body}")
    log = {"message_id": message_id, "channel": Message.Channel.SMS, "recipient": to, "body": body}
    try:
        get_backend().send(to, body)
    except Exception as error:
        logger.warning("SMS to %s failed (attempt %s)", to, attempt, exc_info=True)
        message_attempt_record(**log, error=str(error) or type(error).__name__, gave_up=attempt >= MAX_ATTEMPTS)
        _retry(send_sms, attempt, to, body, message_id=message_id)
    else:
        message_attempt_record(**log)
