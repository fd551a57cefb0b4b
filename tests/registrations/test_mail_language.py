"""Candidate e-mails are written in the site's language (zh-Hant, settings.LANGUAGE_CODE) whatever
page set them off: a registration made on the English page, a refund decided by staff reading
the back office in English, both mail 待繳費 / 同意退費 and 民國 dates with Chinese weekdays."""

import pytest
from django.utils import translation

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.registrations import refunds, services
from tests.factories import make_session, staff_user
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db

BANK = {"bank_code": "017", "branch_code": "0012", "account_number": "123456789", "account_holder": "王小明"}


def test_a_registration_from_the_english_page_is_mailed_in_chinese(mailoutbox, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        registration = register(session=make_session())
        english_status = registration.get_status_display()
    [mail] = mailoutbox
    assert english_status != "待繳費"  # the page really was English
    assert "目前狀態：待繳費" in mail.body and english_status not in mail.body
    with translation.override("zh-hant"):
        assert clock.roc_datetime(registration.payment_deadline) in mail.body  # (五), not (Fri)


def test_a_refund_decided_on_an_english_back_office_page_is_mailed_in_chinese(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(session=make_session())
    services.registration_mark_paid(registration=registration)
    refund = refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    mailoutbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        refunds.refund_decide(refund=refund, actor=staff_user(StaffRole.FINANCE), approved=True)
    [mail] = mailoutbox
    assert "審核結果：同意退費" in mail.body
