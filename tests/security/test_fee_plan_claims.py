"""Nobody prices themselves into a cheaper plan (issue 12): a coordinator cannot make their
organisation a 再充電 course organiser nor keep a staff confirmation of recognition after
changing its signing date; a candidate cannot claim 再充電, nor 認同 through an organisation
staff have not confirmed, even by calling past the form."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.core import clock
from skillcert.groups.errors import GroupError
from skillcert.groups.models import Organisation
from skillcert.groups.services import group_sitting_for_code
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory, make_session
from tests.groups.factories import make_coordinator, make_organisation, make_sitting
from tests.portal.test_registration_pages import form_data
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db

ORGANISATION = ("name", "kind", "business_number", "invoice_title", "address", "contact_email",
                "recognition_signed_on", "refund_bank_code", "refund_branch_code", "refund_account_number")  # fmt: skip


def organisation_post(client, organisation, **changes):
    data = {f"{name}": getattr(organisation, name) or "" for name in ORGANISATION}
    data["group_code"] = organisation.group_code
    data.update(changes)
    return client.post(reverse("groupportal:organisation"), data)


def test_a_coordinator_cannot_make_their_organisation_a_course_organiser(client):
    coordinator = make_coordinator()
    client.force_login(coordinator.user)
    response = organisation_post(client, coordinator.organisation, kind="organiser")
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    coordinator.organisation.refresh_from_db()
    assert coordinator.organisation.kind == Organisation.Kind.SCHOOL


def test_a_coordinator_cannot_leave_the_organiser_kind_either_and_sees_it(client):
    coordinator = make_coordinator(organisation=make_organisation(kind=Organisation.Kind.ORGANISER))
    client.force_login(coordinator.user)
    organisation_post(client, coordinator.organisation, kind="company", address="新北市")
    coordinator.organisation.refresh_from_db()
    assert (coordinator.organisation.kind, coordinator.organisation.address) == ("organiser", "新北市")


def test_changing_the_signing_date_needs_staff_to_confirm_again(client):
    organisation = make_organisation(recognition_confirmed_at=clock.now())
    coordinator = make_coordinator(organisation=organisation)
    assert organisation.has_recognition
    client.force_login(coordinator.user)
    assert organisation_post(client, organisation, recognition_signed_on="2025-10-01").status_code == 302
    organisation.refresh_from_db()
    assert organisation.recognition_signed_on == dt.date(2025, 10, 1) and not organisation.has_recognition
    assert "待執行單位確認" in client.get(reverse("groupportal:home")).content.decode()


def test_an_unconfirmed_organisation_is_refused_by_the_service_too():
    organisation = make_organisation()  # signed, not confirmed
    with pytest.raises(RegistrationError) as refused:
        register(recognition_organisation=organisation)
    assert refused.value.code == "recognition" and not Registration.objects.exists()


def test_a_candidate_cannot_claim_the_free_plan_from_the_form(client):
    session = make_session()
    client.force_login(CandidateFactory().user)
    url = reverse("portal:registration_new", args=[session.pk])
    response = client.post(url, {**form_data(session, claimed_plan="recharge"), "step": "submit"})
    assert response.status_code == 400 and "claimed_plan" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_course_organisers_discount_code_registers_nobody_for_free():
    coordinator = make_coordinator(organisation=make_organisation(kind=Organisation.Kind.ORGANISER))
    sitting = make_sitting(coordinator=coordinator)
    with pytest.raises(GroupError) as refused:
        group_sitting_for_code(code=sitting.discount_code, session=sitting.session)
    assert refused.value.code == "recharge" and "課程辦理單位統一報名" in refused.value.messages[0]
