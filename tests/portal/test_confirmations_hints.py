"""Confirmations and hints (issue 13): cancelling asks first and says the seat is released;
refund bank fields say their digits; a missing proof says which document; the review repeats
the services requested; the free-text special need has a length limit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skillcert.catalog.models import SeatPool
from skillcert.core import clock
from skillcert.registrations.forms import RefundForm
from skillcert.registrations.models import Registration, RegistrationStatus, SpecialNeeds
from tests.factories import CandidateFactory
from tests.portal.test_registration_pages import form_data
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db


def test_cancelling_asks_for_confirmation_and_says_the_seat_is_released(client, owner, session):
    registration = register(candidate=owner, session=session)
    url = reverse("portal:registration_cancel", args=[registration.pk])
    detail = client.get(reverse("portal:registration_detail", args=[registration.pk])).content.decode()
    assert f'href="{url}"' in detail  # a link to the confirmation, not a one-click POST
    confirm = client.get(url)
    assert confirm.status_code == 200 and "名額會立即釋出" in confirm.content.decode()
    client.post(url, {})  # without the confirmation nothing happens
    registration.refresh_from_db()
    assert registration.status != RegistrationStatus.CANCELLED
    held = SeatPool.objects.get(session=session).held
    done = client.post(url, {"confirm": "yes"}, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED and "名額已釋出" in done.content.decode()
    assert SeatPool.objects.get(session=session).held == held - 1


@pytest.mark.parametrize("who", ["other", "anonymous"])
def test_another_user_cannot_see_or_confirm_a_cancellation(client, session, who):
    registration = register(session=session)
    if who == "other":
        client.force_login(CandidateFactory().user)
    url = reverse("portal:registration_cancel", args=[registration.pk])
    assert client.get(url).status_code in (302, 404)
    client.post(url, {"confirm": "yes"})
    registration.refresh_from_db()
    assert registration.status != RegistrationStatus.CANCELLED


def test_refund_bank_fields_say_how_many_digits(client):
    form = RefundForm(kinds=[], lines=[])
    assert "3 位數字" in str(form["bank_code"].help_text)
    assert "4 位數字" in str(form["branch_code"].help_text)
    assert "6 到 16 位數字" in str(form["account_number"].help_text)
    bound = RefundForm({"bank_code": "04", "branch_code": "12345", "account_number": "12"}, kinds=[], lines=[])
    assert not bound.is_valid() and "3 位數字" in bound.errors["bank_code"][0]


def test_a_missing_proof_file_says_which_document_is_needed(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    response = client.post(url, {**form_data(session, extra_minutes="10"), "step": "submit"})
    assert response.status_code == 400
    assert "身心障礙證明或公立醫院診斷證明" in response.context["files"].errors["special_needs_document"][0]
    owner.moea_training_recent, owner.moea_training_certificate_on = True, clock.today()
    owner.save()
    claim = form_data(session, claimed_plan="training", training_pledge="on")
    response = client.post(url, {**claim, "step": "submit"})
    assert response.status_code == 400 and "結訓證明" in response.context["files"].errors["plan_document"][0]
    assert Registration.objects.count() == 0


def test_the_review_step_repeats_the_services_requested(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    data = form_data(session, extra_minutes="15", ground_floor="on", other="需要助聽器")
    text = client.post(url, {**data, "step": "review"}).content.decode()
    assert "延長考試時間每科 15 分鐘" in text and "安排在一樓或有電梯樓層" in text and "需要助聽器" in text


def test_the_free_text_special_need_is_limited_in_the_form_and_the_model(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    too_long = "字" * (SpecialNeeds.MAX_OTHER_CHARS + 1)
    response = client.post(url, {**form_data(session, other=too_long), "step": "review"})
    assert (
        response.status_code == 400
        and f"{SpecialNeeds.MAX_OTHER_CHARS} 字以內" in response.context["form"].errors["other"][0]
    )
    field = SpecialNeeds._meta.get_field("other")
    with pytest.raises(ValidationError):
        field.run_validators(too_long)
    field.run_validators("字" * SpecialNeeds.MAX_OTHER_CHARS)
