"""Group refunds as brochure 115 附錄二 says: through the coordinator, the individual's kinds and
windows, per-subject amounts, the organisation as payee, one payout export, refunded once paid."""

import pytest

from skillcert.catalog.models import SeatPool
from skillcert.core import clock
from skillcert.groups import services
from skillcert.groups.errors import GroupError
from skillcert.groups.models import GroupRefundRequest
from skillcert.payments.selectors import payouts_due
from skillcert.registrations import refunds
from skillcert.registrations.models import RefundRequest, Registration, RegistrationStatus
from skillcert.registrations.services import registration_create, registration_mark_paid
from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import make_sitting
from tests.registrations.factories import pdf_upload

pytestmark = pytest.mark.django_db


def group_registrations(sitting, count, *, paid=True, numbers=(1, 2)):
    session = sitting.session
    subjects = list(session.level.subjects.filter(number__in=numbers))
    made = []
    for _ in range(count):
        registration = registration_create(
            candidate=CandidateFactory(), session=session, subjects=subjects, region=session.regions.first(),
            group_sitting=sitting,
        )  # fmt: skip
        if paid:
            registration_mark_paid(registration=registration)
        made.append(Registration.objects.get(pk=registration.pk))
    return made


def held(session):
    return SeatPool.objects.get(session=session, kind="written").held


def test_full_refund_goes_to_the_organisation_through_the_payout_export_and_ends_refunded():
    sitting = make_sitting()
    chosen, kept = group_registrations(sitting, 2)
    before = held(sitting.session)
    request = services.group_refund_request_create(
        sitting=sitting, registrations=[chosen], kind="full_in_window", attachments=[pdf_upload()], actor=None
    )
    org = sitting.organisation
    application = request.refunds.get()
    assert application.registration_id == chosen.pk and application.attachments.count() == 1
    assert application.lines.count() == 2 and request.amount == application.requested_amount == chosen.amount
    assert (application.account_number, application.account_holder) == (org.refund_account_number, org.invoice_title)
    finance = staff_user()
    services.group_refund_decide(refund=request, approved=True, note="", actor=finance)
    assert Registration.objects.get(pk=chosen.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=kept.pk).status == RegistrationStatus.PAID
    assert held(sitting.session) == before - 1
    rows = [row for row in payouts_due() if row[1] == f"R{application.pk}"]
    assert rows == [("refund", f"R{application.pk}", org.refund_bank_code, org.refund_branch_code,
                     org.refund_account_number, org.invoice_title, chosen.amount)]  # fmt: skip
    refunds.refund_record_paid(refund=application, actor=finance, amount=chosen.amount)
    assert Registration.objects.get(pk=chosen.pk).status == RegistrationStatus.REFUNDED
    assert not [row for row in payouts_due() if row[1] == f"R{application.pk}"]


def test_dropping_a_subject_asks_back_that_subjects_fee_only():
    sitting = make_sitting()
    (registration,) = group_registrations(sitting, 1)
    line = registration.subjects.select_related("subject").get(subject__number=2)
    with pytest.raises(GroupError, match="說明"):
        services.group_refund_request_create(
            sitting=sitting, registrations=[registration], kind="partial", subject_ids=[line.subject_id], actor=None
        )
    request = services.group_refund_request_create(
        sitting=sitting, registrations=[registration], kind="partial", subject_ids=[line.subject_id],
        reason="實習衝突", actor=None,
    )  # fmt: skip
    assert request.amount == line.fee < registration.amount
    services.group_refund_decide(refund=request, approved=True, note="", actor=staff_user())
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PAID
    assert registration.subjects.get(pk=line.pk).dropped


def test_refusal_refuses_every_application_and_keeps_the_registrations():
    sitting = make_sitting()
    registrations = group_registrations(sitting, 2)
    request = services.group_refund_request_create(
        sitting=sitting, registrations=registrations, kind="full_in_window", actor=None
    )
    with pytest.raises(GroupError):
        services.group_refund_decide(refund=request, approved=False, note="", actor=staff_user())
    services.group_refund_decide(refund=request, approved=False, note="資料不齊", actor=staff_user())
    assert set(request.refunds.values_list("status", flat=True)) == {"refused"}
    assert set(Registration.objects.filter(group_sitting=sitting).values_list("status", flat=True)) == {"paid"}


def nothing_saved():
    return not GroupRefundRequest.objects.exists() and not RefundRequest.objects.exists()


def test_an_unpaid_registration_is_refused_and_nothing_is_saved():
    sitting = make_sitting()
    paid = group_registrations(sitting, 1)
    unpaid = group_registrations(sitting, 1, paid=False)
    with pytest.raises(GroupError, match="尚未繳費"):
        services.group_refund_request_create(
            sitting=sitting, registrations=paid + unpaid, kind="full_in_window", actor=None
        )
    assert nothing_saved()


def test_after_the_exam_nothing_is_refunded(frozen_now):
    sitting = make_sitting()
    registrations = group_registrations(sitting, 1)
    frozen_now(clock.at(sitting.session.exam_date, 9))
    for kind in ("full_in_window", "other"):
        with pytest.raises(GroupError, match="缺考不予退費"):
            services.group_refund_request_create(
                sitting=sitting, registrations=registrations, kind=kind, reason="缺考", actor=None
            )
    assert nothing_saved()


def test_another_groups_candidate_is_refused():
    sitting, other = make_sitting(), make_sitting()
    with pytest.raises(GroupError, match="本團"):
        services.group_refund_request_create(
            sitting=sitting, registrations=group_registrations(other, 1), kind="full_in_window", actor=None
        )
    assert nothing_saved()


def test_a_second_request_while_one_is_open_is_refused():
    sitting = make_sitting()
    registrations = group_registrations(sitting, 1)
    services.group_refund_request_create(
        sitting=sitting, registrations=registrations, kind="full_in_window", actor=None
    )
    with pytest.raises(GroupError, match="審核中"):
        services.group_refund_request_create(
            sitting=sitting, registrations=registrations, kind="full_in_window", actor=None
        )
    assert GroupRefundRequest.objects.count() == 1
