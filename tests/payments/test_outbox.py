"""The bank import's 繳費成功 e-mails ride the import's own transaction (the outbox), like
every other message: committed with the import, gone with a rollback."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from skillcert.core.models import AuditEntry
from skillcert.payments.imports import bank_file_import
from skillcert.registrations.models import Registration
from skillcert.registrations.tasks import CONTEXT
from tests.factories import make_session

from .helpers import awaiting_payment, fixed_file, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _confirmations():
    """The 繳費成功 e-mails queued: one task per chunk, each message later one e-mail task."""
    chunks = DBTaskResult.objects.filter(task_path__endswith="payment_confirmations_queue")
    return [
        {"to": to, "context": dict(zip(CONTEXT, values, strict=True))}
        for chunk in chunks
        for to, *values in chunk.args_kwargs["args"][0]
    ]


def test_each_confirmation_is_queued_inside_the_import_transaction(database_tasks):
    session = make_session()
    paid = [awaiting_payment(session=session) for _ in range(3)]
    bank_file_import(content=fixed_file(*(pay(account) for _registration, account in paid)))
    queued = _confirmations()
    assert DBTaskResult.objects.filter(task_path__endswith="payment_confirmations_queue").count() == 1
    assert sorted(message["to"] for message in queued) == sorted(r.candidate.user.email for r, _a in paid)
    by_id = {message["context"]["registration_id"]: message["context"] for message in queued}
    for registration, account in paid:
        assert by_id[registration.pk]["account"] == account.number
    trail = AuditEntry.objects.filter(action="virtualaccount.paid", target_id__in=[str(a.pk) for _r, a in paid])
    assert trail.count() == 3  # accounts move through core.states too


def test_the_queued_chunk_sends_each_confirmation_through_the_outbox(
    database_tasks, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from skillcert.registrations.tasks import payment_confirmations_queue

    registration, account = awaiting_payment()
    bank_file_import(content=fixed_file(pay(account)))
    (chunk,) = DBTaskResult.objects.filter(task_path__endswith="payment_confirmations_queue")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task commits
        assert payment_confirmations_queue.call(*chunk.args_kwargs["args"]) == 1
    assert [m.to for m in mailoutbox] == [[registration.candidate.user.email]]
    assert "繳費成功" in mailoutbox[0].subject and account.number in mailoutbox[0].body


def test_a_rolled_back_import_leaves_neither_payments_nor_confirmations(database_tasks):
    registration, account = awaiting_payment()
    with pytest.raises(RuntimeError), transaction.atomic():
        bank_file_import(content=fixed_file(pay(account)))
        assert _confirmations()  # queued in the transaction...
        raise RuntimeError("the import's transaction fails after the matching")
    assert _confirmations() == []  # ...and gone with it
    assert Registration.objects.get(pk=registration.pk).status == "awaiting_payment"
