import datetime as dt

import pytest

from skillcert.catalog.models import SeatPool
from skillcert.core import clock
from skillcert.groups.models import GroupSitting, Organisation
from skillcert.registrations import refunds, services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import Postponement, RefundRequest
from skillcert.registrations.refunds import refund_kinds_for
from tests.factories import make_session, staff_user
from tests.registrations.factories import pdf_upload, register, text_upload

pytestmark = pytest.mark.django_db

BANK = {"bank_code": "017", "branch_code": "0012", "account_number": "12345678901", "account_holder": "王小明"}


def paid_registration(session=None, numbers=(1, 2)):
    registration = register(session=session or make_session(), numbers=numbers)
    services.registration_mark_paid(registration=registration)
    registration.refresh_from_db()
    return registration


def held(session, kind="written"):
    return SeatPool.objects.get(session=session, kind=kind).held


def test_full_refund_in_the_window_cancels_returns_the_seat_and_records_the_money():
    registration = paid_registration()
    refund = refunds.refund_request_create(
        registration=registration,
        actor=registration.candidate.user,
        kind="full_in_window",
        attachments=[pdf_upload()],
        **BANK,
    )
    assert refund.requested_amount == 1600 and refund.lines.count() == 2 and refund.attachments.count() == 1
    finance = staff_user()
    refunds.refund_decide(refund=refund, actor=finance, approved=True)
    registration.refresh_from_db()
    assert registration.status == "cancelled" and held(registration.session) == 0
    with pytest.raises(RegistrationError):
        refunds.refund_record_paid(refund=refund, actor=finance, amount=2000)
    refunds.refund_record_paid(refund=refund, actor=finance, amount=1600)
    refund.refresh_from_db()
    registration.refresh_from_db()
    assert (refund.status, refund.refunded_amount, registration.status) == ("paid", 1600, "refunded")


def test_partial_refund_drops_a_subject_and_keeps_the_registration():
    registration = paid_registration(numbers=(1, 3))
    practical = registration.subjects.get(subject__number=3)
    with pytest.raises(RegistrationError):  # partial needs a reason
        refunds.refund_request_create(
            registration=registration, actor=None, kind="partial", subject_ids=[practical.subject_id], **BANK
        )
    refund = refunds.refund_request_create(
        registration=registration,
        actor=None,
        kind="partial",
        reason="術科改下梯次",
        subject_ids=[practical.subject_id],
        **BANK,
    )
    assert refund.requested_amount == 2100
    refunds.refund_decide(refund=refund, actor=staff_user(), approved=True, amount=2000, note="扣手續費")
    registration.refresh_from_db()
    practical.refresh_from_db()
    assert registration.status == "paid" and practical.dropped
    assert held(registration.session) == 1


def test_refused_refund_changes_nothing_but_says_why():
    registration = paid_registration()
    refund = refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    with pytest.raises(RegistrationError):
        refunds.refund_decide(refund=refund, actor=staff_user(), approved=False)
    refunds.refund_decide(refund=refund, actor=staff_user(), approved=False, note="已逾期")
    registration.refresh_from_db()
    assert registration.status == "paid" and held(registration.session) == 1


def test_unpaid_and_group_registrations_cannot_apply_and_bad_bank_data_is_refused():
    session = make_session()
    registration = register(session=session)
    assert refund_kinds_for(registration=registration) == []
    with pytest.raises(RegistrationError):
        refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    organisation = Organisation.objects.create(
        group_code="G1", name="明新科大", business_number="04595257", invoice_title="明新科大", address="新竹"
    )
    sitting = GroupSitting.objects.create(organisation=organisation, session=session, discount_code="SPE-G1")
    grouped = register(session=session, group_sitting=sitting)
    assert (grouped.plan, grouped.amount, grouped.payment_deadline) == ("group", 1200, None)
    services.registration_mark_paid(registration=grouped)
    with pytest.raises(RegistrationError) as error:
        refunds.refund_request_create(registration=grouped, actor=None, kind="full_in_window", **BANK)
    assert "團報窗口" in error.value.messages[0]
    paid = paid_registration(session=session)
    with pytest.raises(RegistrationError):
        refunds.refund_request_create(
            registration=paid, actor=None, kind="full_in_window", **{**BANK, "bank_code": "17"}
        )
    with pytest.raises(Exception, match="PDF"):
        refunds.refund_request_create(
            registration=paid, actor=None, kind="full_in_window", attachments=[text_upload()], **BANK
        )
    assert RefundRequest.objects.count() == 0


def test_only_one_open_application_at_a_time():
    registration = paid_registration()
    refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    with pytest.raises(RegistrationError):
        refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)


def test_after_the_window_only_staff_discretion_and_a_postponement_window(frozen_now):
    registration = paid_registration()
    session = registration.session
    frozen_now(session.registration_closes + dt.timedelta(days=1))
    assert refund_kinds_for(registration=registration) == ["other"]
    with pytest.raises(RegistrationError) as error:
        refunds.refund_request_create(registration=registration, actor=None, kind="full_in_window", **BANK)
    assert error.value.code == "window"
    Postponement.objects.create(session=session, announced_on=clock.today() - dt.timedelta(days=1), reason="颱風")
    assert "full_postponed" in refund_kinds_for(registration=registration)
    frozen_now(clock.at(session.exam_date, 9))
    assert refund_kinds_for(registration=registration) == []  # missing the exam: no refund
