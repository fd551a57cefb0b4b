"""The coordinator's refund page (附錄二 註2): the form, the refusal messages, each status shown.
Who reaches the page at all is in test_access.py."""

import pytest

from skillcert.groups.models import GroupRefundRequest
from skillcert.registrations import refunds
from skillcert.registrations.models import RefundRequest
from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import make_coordinator, make_sitting
from tests.groups.test_refunds import group_registrations
from tests.registrations.factories import pdf_upload, text_upload

pytestmark = pytest.mark.django_db


def owner():
    coordinator = make_coordinator()
    return coordinator, make_sitting(coordinator=coordinator)


def test_the_coordinator_files_a_refund_with_a_document_and_sees_each_status(client):
    coordinator, sitting = owner()
    registration, _other = group_registrations(sitting, 2)
    client.force_login(coordinator.user)
    page = client.get(f"/group/sittings/{sitting.pk}/refund/").content.decode()
    assert registration.candidate.name_zh in page and coordinator.organisation.refund_account_number in page
    response = client.post(
        f"/group/sittings/{sitting.pk}/refund/",
        {"kind": "full_in_window", "registrations": [registration.pk], "attachment": pdf_upload()},
    )
    assert response.status_code == 302
    application = sitting.refund_requests.get().refunds.get()
    assert application.attachments.count() == 1
    assert application.account_number == coordinator.organisation.refund_account_number
    assert "審核中" in client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    finance = staff_user()
    refunds.refund_decide(refund=application, actor=finance, approved=True)
    refunds.refund_record_paid(refund=application, actor=finance, amount=application.requested_amount)
    page = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert "已退款" in page and "已退費" in page


def test_an_unpaid_registration_gets_a_clear_message_and_nothing_is_saved(client):
    coordinator, sitting = owner()
    (unpaid,) = group_registrations(sitting, 1, paid=False)
    client.force_login(coordinator.user)
    response = client.post(
        f"/group/sittings/{sitting.pk}/refund/", {"kind": "full_in_window", "registrations": [unpaid.pk]}
    )
    assert response.status_code == 400
    assert "只有已繳費的報名可以申請退費" in response.content.decode()
    assert not GroupRefundRequest.objects.exists() and not RefundRequest.objects.exists()


def test_a_text_file_posing_as_a_document_is_refused(client):
    coordinator, sitting = owner()
    (registration,) = group_registrations(sitting, 1)
    client.force_login(coordinator.user)
    response = client.post(
        f"/group/sittings/{sitting.pk}/refund/",
        {"kind": "full_in_window", "registrations": [registration.pk], "attachment": text_upload()},
    )
    assert response.status_code == 400 and not RefundRequest.objects.exists()


def test_another_coordinator_and_the_candidate_cannot_file_it(client):
    _coordinator, sitting = owner()
    (registration,) = group_registrations(sitting, 1)
    data = {"kind": "full_in_window", "registrations": [registration.pk]}
    client.force_login(make_coordinator().user)
    assert client.post(f"/group/sittings/{sitting.pk}/refund/", data).status_code == 404
    client.force_login(registration.candidate.user)
    assert client.post(f"/group/sittings/{sitting.pk}/refund/", data).status_code == 404
    client.force_login(CandidateFactory().user)
    assert client.post(f"/group/sittings/{sitting.pk}/refund/", data).status_code == 404
    client.logout()
    assert client.post(f"/group/sittings/{sitting.pk}/refund/", data).status_code == 302
    assert not RefundRequest.objects.exists()
