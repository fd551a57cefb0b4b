"""Background work of registrations (django-tasks; `manage.py db_worker` runs it)."""

from django.db import transaction
from django_tasks import task

from skillcert.notifications.services import email_after_commit


@task()
def payment_confirmations_queue(messages: list[list]) -> int:
    """Queue the 繳費成功 e-mails of one chunk of a bank-file import, one `email_after_commit`
    each (so each is sent, retried and logged like every other message). The bulk path enqueues
    this one task inside the import's transaction instead of 2,000 e-mail tasks: with the
    database task backend the row commits with the import (the outbox) and costs one INSERT.
    `messages`: [to, name, registration id, sitting, amount, account, paid at, bank transaction]
    lists, already formatted (plain values keep the task row small). Run twice (a worker dying
    after commit), it queues the e-mails again: at least once, never lost."""
    with transaction.atomic():  # the e-mail task rows ride this transaction too
        for to, *values in messages:
            email_after_commit(template="payment_confirmed", to=to, context=dict(zip(CONTEXT, values, strict=True)))
    return len(messages)


# The template's context (notifications' `payment_confirmed`), in the order of a message's values.
CONTEXT = ("name", "registration_id", "session", "amount", "account", "paid_at", "bank_txn_id")
