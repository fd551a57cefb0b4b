"""Who may cancel: the service refuses on its own, whatever door calls it."""

import pytest

from skillcert.groups.models import GroupSitting, Organisation
from skillcert.registrations import services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.policies import BY_CANDIDATE, BY_STAFF, registration_cancel_allowed
from tests.factories import make_session
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db


def test_a_candidate_may_cancel_an_unpaid_registration_but_not_a_paid_one():
    session = make_session()
    unpaid, paid = register(session=session), register(session=session)
    services.registration_mark_paid(registration=paid)
    paid.refresh_from_db()
    assert registration_cancel_allowed(unpaid, by=BY_CANDIDATE)
    assert not registration_cancel_allowed(paid, by=BY_CANDIDATE)
    with pytest.raises(RegistrationError, match="取消報名及退費申請"):
        services.registration_cancel(registration=paid, by=BY_CANDIDATE, actor=paid.candidate.user)
    paid.refresh_from_db()
    assert paid.status == "paid"


def test_a_group_registration_is_cancelled_only_by_staff():
    session = make_session()
    organisation = Organisation.objects.create(
        group_code="G1", name="明新科大", business_number="04595257", invoice_title="明新科大", address="新竹"
    )
    sitting = GroupSitting.objects.create(organisation=organisation, session=session, discount_code="ABCDEFGH")
    registration = register(session=session, group_sitting=sitting)
    assert not registration_cancel_allowed(registration, by=BY_CANDIDATE)
    with pytest.raises(RegistrationError, match="團報窗口"):
        services.registration_cancel(registration=registration, by=BY_CANDIDATE)
    assert registration_cancel_allowed(registration, by=BY_STAFF)
    services.registration_cancel(registration=registration, by=BY_STAFF)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_an_expired_registration_cannot_be_cancelled_by_anyone():
    registration = register()
    registration.status = "expired"
    for by in (BY_CANDIDATE, BY_STAFF):
        assert not registration_cancel_allowed(registration, by=by)
