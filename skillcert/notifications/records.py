"""The worker's side of the message log: each attempt to send updates the message's row.

A message queued outside `email_after_commit` / `sms_after_commit` (an older task row, a direct
call) gets its row on its first attempt, so the log misses nothing that was tried."""

from django.db.models import F
from django.utils import timezone

from .models import Message


def message_attempt_record(
    *, message_id: str, channel: str, recipient: str, error: str = "", gave_up: bool = False, **content
) -> None:
    """Count one attempt: sent when there is no error, failed when it was the last one, else
    still queued for its retry. `content` (template, language, context, subject, body) fills
    the row; a subject and body rendered by the worker are kept for the log."""
    if error:
        status = Message.Status.FAILED if gave_up else Message.Status.QUEUED
    else:
        status = Message.Status.SENT
    changes = {"status": status, "error": error, "last_attempt_at": timezone.now()}
    changes |= {name: value for name, value in content.items() if name in ("subject", "body") and value}
    updated = Message.objects.filter(message_id=message_id).update(attempts=F("attempts") + 1, **changes)
    if not updated:
        Message.objects.create(
            message_id=message_id, channel=channel, recipient=recipient, attempts=1, **(content | changes)
        )
