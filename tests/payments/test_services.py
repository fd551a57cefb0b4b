"""Issuing accounts: one per registration and amount; a changed amount supersedes; other fees."""

import datetime as dt

import pytest
from django.core import mail

from skillcert.core import clock
from skillcert.payments.imports import bank_file_import
from skillcert.payments.models import VirtualAccount
from skillcert.payments.numbering import va_number_check
from skillcert.payments.services import virtual_account_issue, virtual_account_issue_for_fee
from skillcert.payments.signals import payment_confirmed
from tests.factories import UserFactory

from .helpers import awaiting_payment, credit, fixed_file, pay

pytestmark = pytest.mark.django_db


def test_registration_gets_one_account_for_its_amount_and_deadline():
    registration, account = awaiting_payment()
    assert account.amount == registration.amount and account.bank_code == "017"
    assert account.deadline == registration.payment_deadline
    assert va_number_check(number=account.number, amount=account.amount)
    assert virtual_account_issue(registration=registration) == account  # same amount: same account
    assert VirtualAccount.objects.filter(registration=registration).count() == 1


def test_a_changed_amount_supersedes_the_old_account_and_tells_the_candidate(django_capture_on_commit_callbacks):
    registration, old = awaiting_payment()
    registration.amount = 360
    registration.save(update_fields=["amount"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = virtual_account_issue(registration=registration)
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    assert new.status == "active" and new.amount == 360 and new.number != old.number
    assert any(new.number in m.body and old.number in m.body for m in mail.outbox)
    # The old account stops matching, the new one pays the registration.
    batch = bank_file_import(content=fixed_file(pay(old), pay(new)))
    assert batch.matched == 1
    assert dict(batch.credits.values_list("account_number", "reason")) == {old.number: "superseded", new.number: ""}


def test_deadline_without_one_on_the_registration_is_capped_at_the_close(frozen_now):
    registration, account = awaiting_payment()
    registration.payment_deadline = None
    registration.session.registration_closes = clock.now() + dt.timedelta(hours=5)
    registration.amount += 100
    new = virtual_account_issue(registration=registration)
    assert new.deadline == registration.session.registration_closes


def test_fee_account_is_paid_and_signals_after_commit(django_capture_on_commit_callbacks):
    payer = UserFactory()
    deadline = clock.now() + dt.timedelta(days=7)
    account = virtual_account_issue_for_fee(
        amount=600, purpose="certificate_reissue", reference="certificate:42", payer_user=payer, deadline=deadline
    )
    assert (
        virtual_account_issue_for_fee(
            amount=600, purpose="certificate_reissue", reference="certificate:42", payer_user=payer, deadline=deadline
        )
        == account
    )
    heard = []

    def listener(sender, virtual_account, **kwargs):
        heard.append((virtual_account.pk, virtual_account.purpose, virtual_account.reference))

    payment_confirmed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            batch = bank_file_import(content=fixed_file(credit(account.number, 600)))
        assert heard == []  # not before commit
        for callback in callbacks:
            callback()
    finally:
        payment_confirmed.disconnect(listener)
    assert batch.matched == 1
    assert heard == [(account.pk, "certificate_reissue", "certificate:42")]


def test_free_registration_needs_no_account():
    registration, account = awaiting_payment()
    registration.amount = 0
    assert virtual_account_issue(registration=registration) is None
