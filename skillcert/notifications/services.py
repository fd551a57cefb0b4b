"""Queue messages after the surrounding transaction commits, never during a request. Each one
gets its row in the message log (`Message`) in the same transaction as its task row."""

from django.conf import settings
from django.db import transaction

from skillcert.core.audit import log_action

from .models import Message
from .rendering import email_message_id
from .tasks import send_email, send_sms


def _queue_rides_the_transaction(task) -> bool:
    """The database task backend writes its rows through the same connection: a task enqueued
    inside the caller's transaction commits with it and vanishes with a rollback (an outbox),
    saving a second commit per message. The worker only sees it after commit."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend) and transaction.get_connection().in_atomic_block


def _queue(message: Message, task, *args) -> Message:
    """Save the log row and enqueue the task together: inside the transaction when the task
    row rides it, else both after commit (a rollback leaves neither)."""

    def save_and_enqueue():
        message.save(force_insert=True)
        task.enqueue(*args, message_id=message.message_id)

    if _queue_rides_the_transaction(task):
        save_and_enqueue()
    else:
        transaction.on_commit(save_and_enqueue)
    return message


def email_after_commit(
    *, template: str, to: str | list[str], context: dict, language: str | None = None, resent_from=None
) -> Message:
    """Send only if the surrounding transaction commits (the returned log row is saved with the
    task row: maybe only at commit). `context` must be JSON-serialisable
    (strings, numbers): tasks take plain values. E-mails are written in zh-Hant with the English
    alongside, so they go out in the site's language whatever page the sender was on."""
    recipients = [to] if isinstance(to, str) else list(to)
    language = language or settings.LANGUAGE_CODE
    message = Message(
        channel=Message.Channel.EMAIL,
        template=template,
        recipient=", ".join(recipients),
        language=language,
        context=context,
        message_id=email_message_id(),  # chosen once: a message sent twice after a crash keeps it
        resent_from=resent_from,
    )
    return _queue(message, send_email, template, recipients, context, language)


def sms_after_commit(*, to: str, body: str, resent_from=None) -> Message:
    message = Message(
        channel=Message.Channel.SMS, recipient=to, body=body, message_id=email_message_id(), resent_from=resent_from
    )
    return _queue(message, send_sms, to, body)


def message_resend(*, message: Message, actor) -> Message:
    """Queue a copy of a logged message (support: "I never got my temporary password"). The
    copy is a new message with its own Message-ID, linked to the original; the audit row
    names the staff member who asked."""
    with transaction.atomic():
        if message.channel == Message.Channel.SMS:
            copy = sms_after_commit(to=message.recipient, body=message.body, resent_from=message)
        else:
            recipients = [address.strip() for address in message.recipient.split(",")]
            copy = email_after_commit(
                template=message.template,
                to=recipients,
                context=message.context,
                language=message.language or None,
                resent_from=message,
            )
        log_action(
            message, "message.resent", actor=actor, data={"copy": copy.message_id, "recipient": message.recipient}
        )
    return copy
