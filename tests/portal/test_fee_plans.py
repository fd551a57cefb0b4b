"""Every fee plan of the brochures, reachable from a screen (issue 12): the 認同方案 of an individual
candidate and the 人才培訓方案, from the pages a candidate and staff use to the amount charged
(the registration and its payment account). The 再充電 plan: tests/groupportal/test_recharge.py."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.registrations.models import Registration
from skillcert.registrations.selectors import current_virtual_account
from tests.factories import CandidateFactory, make_session, staff_user
from tests.groups.factories import make_organisation
from tests.portal.test_registration_pages import form_data
from tests.registrations.factories import pdf_upload

pytestmark = pytest.mark.django_db


def new_url(session):
    return reverse("portal:registration_new", args=[session.pk])


def charged(registration):
    registration.refresh_from_db()
    account = current_virtual_account(registration)
    return registration.plan, registration.amount, registration.status, account.amount if account else None


def profile_post(client, candidate, **changes):
    data = {
        "name_zh": candidate.name_zh, "name_en": candidate.name_en, "birthday": "2003-04-05",
        "mobile": candidate.mobile, "email": candidate.user.email or "c@example.com",
        "postal_address": candidate.postal_address, "school_or_employer": "", **changes,
    }  # fmt: skip
    return client.post(reverse("accounts:profile"), data)


def test_an_individual_names_a_recognised_school_and_pays_the_recognition_price(client):
    session = make_session()
    school = make_organisation(name="國立示範科技大學", business_number="04595257", kind="school")
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    # Signed but not yet confirmed by staff: refused on the field, nothing saved.
    data = form_data(session, recognition_organisation="國立示範科技大學")
    refused = client.post(new_url(session), {**data, "step": "submit", "plan_document": pdf_upload()})
    assert refused.status_code == 400
    assert "經執行單位確認" in refused.context["form"].errors["recognition_organisation"][0]
    assert not Registration.objects.exists()

    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    page = client.get(reverse("backoffice_tools:groups_index")).content.decode()
    assert "國立示範科技大學" in page and "確認認同" in page
    client.post(reverse("backoffice_tools:groups_recognition_confirm", args=[school.pk]))
    school.refresh_from_db()
    assert school.has_recognition

    client.force_login(candidate.user)
    assert '<option value="國立示範科技大學">' in client.get(new_url(session)).content.decode()
    by_number = form_data(session, recognition_organisation="04595257")  # or by 統一編號
    review = client.post(new_url(session), {**by_number, "step": "review"})
    assert review.status_code == 200 and "國立示範科技大學" in review.content.decode()
    assert (review.context["quote"].plan, review.context["quote"].amount) == ("recognition", 1200)  # not 800 + 800
    response = client.post(new_url(session), {**by_number, "step": "submit"})
    registration = Registration.objects.get(candidate=candidate)
    assert response.url == reverse("portal:registration_detail", args=[registration.pk])
    assert charged(registration) == ("recognition", 1200, "awaiting_payment", 1200)
    assert registration.recognition_organisation == school


def test_an_unknown_organisation_is_refused_with_a_clear_message(client):
    session = make_session()
    client.force_login(CandidateFactory().user)
    response = client.post(
        new_url(session), {**form_data(session, recognition_organisation="不存在的公司"), "step": "review"}
    )
    assert response.status_code == 400
    assert "查無已簽署 iPAS 認同" in response.context["form"].errors["recognition_organisation"][0]
    assert 'value="不存在的公司"' in response.content.decode()  # what was typed is kept


def test_training_plan_from_the_profile_tick_to_the_staff_review_and_the_amount(client):
    session = make_session()
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    claim = form_data(session, claimed_plan="training", training_pledge="on")
    # Claimed before the profile says so: refused on the plan, pointing at the profile page.
    refused = client.post(new_url(session), {**claim, "step": "review"})
    assert refused.status_code == 400 and "考生基本資料維護" in refused.context["form"].errors["claimed_plan"][0]

    today = clock.today()
    too_old = today - relativedelta(years=3) - dt.timedelta(days=1)
    for day, message in ((too_old, "超過三年"), (today + dt.timedelta(days=1), "晚於今天"), ("", "勾選")):
        response = profile_post(client, candidate, moea_training_recent="on", moea_training_certificate_on=day)
        assert response.status_code == 200
        assert message in response.context["form"].errors["moea_training_certificate_on"][0]
        candidate.refresh_from_db()
        assert not candidate.moea_training_recent and candidate.moea_training_certificate_on is None
    certificate_on = today - relativedelta(years=2)
    saved = profile_post(client, candidate, moea_training_recent="on", moea_training_certificate_on=certificate_on)
    assert saved.status_code == 302
    candidate.refresh_from_db()
    assert candidate.moea_training_certificate_on == certificate_on

    no_pledge = client.post(new_url(session), {**claim, "training_pledge": "", "step": "review"})
    assert no_pledge.status_code == 400 and "training_pledge" in no_pledge.context["form"].errors
    review = client.post(new_url(session), {**claim, "step": "review"})
    assert (review.context["quote"].plan, review.context["quote"].amount) == ("training", 1200)
    assert 'name="plan_document"' in review.content.decode()
    client.post(new_url(session), {**claim, "step": "submit", "plan_document": pdf_upload()})
    registration = Registration.objects.get(candidate=candidate)
    assert charged(registration) == ("training", 1200, "awaiting_review", None)  # no account before the review

    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    queue = client.get(reverse("backoffice_tools:review_queue")).content.decode()
    assert clock.roc_date(certificate_on, weekday=True) in queue  # the date to compare with the document
    client.post(reverse("backoffice_tools:eligibility_decide", args=[registration.pk]), {"decision": "approve"})
    assert charged(registration) == ("training", 1200, "awaiting_payment", 1200)


def test_a_certificate_that_aged_past_three_years_is_refused_at_registration(client):
    session = make_session()
    candidate = CandidateFactory(
        moea_training_recent=True,
        moea_training_certificate_on=clock.today() - relativedelta(years=3) - dt.timedelta(days=1),
    )
    client.force_login(candidate.user)
    claim = form_data(session, claimed_plan="training", training_pledge="on")
    response = client.post(new_url(session), {**claim, "step": "submit", "plan_document": pdf_upload()})
    assert response.status_code == 400 and "超過三年" in response.context["form"].errors["claimed_plan"][0]
    assert not Registration.objects.exists()
