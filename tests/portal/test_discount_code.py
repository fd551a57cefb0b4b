"""A candidate registers with a group's discount code (issue 12; brochure 115 §3.2-2 (3)): the
group price, nothing to pay themselves, the registration on the group's dashboard, checklist and
export, the coordinator's contact on the status page. A wrong, other-sitting or expired code is
refused on the field and saves nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.core.pdf import pdf_text
from skillcert.groups import services as group_services
from skillcert.groups.errors import GroupError
from skillcert.groups.upload import upload_apply
from skillcert.payments.models import VirtualAccount
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import Registration, RegistrationStatus
from skillcert.registrations.services import registration_create
from tests.factories import CandidateFactory, make_session
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file
from tests.portal.test_registration_pages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(session):
    return make_sitting(coordinator=make_coordinator(email="coordinator@school.example"), session=session)


def post(client, session, step, **data):
    return client.post(reverse("portal:registration_new", args=[session.pk]), {"step": step, **data})


def test_a_valid_code_gives_the_group_price_and_no_account_and_puts_the_candidate_on_the_group(
    client, owner, session, sitting
):
    # Typed as read from a slide: lower case, with dashes.
    typed = "-".join([sitting.discount_code[:4].lower(), sitting.discount_code[4:]])
    review = post(client, session, "review", **form_data(session, discount_code=typed))
    assert review.status_code == 200
    text = review.content.decode()
    assert sitting.organisation.name in text and "報名費由團報窗口統一繳納" in text
    assert review.context["quote"].plan == "group" and review.context["quote"].amount == 1200  # 600 × 2
    submitted = post(client, session, "submit", **form_data(session, discount_code=typed))
    assert submitted.status_code == 302
    registration = Registration.objects.get(candidate=owner)
    assert registration.group_sitting == sitting
    assert (registration.plan, registration.amount, registration.status) == ("group", 1200, "awaiting_payment")
    assert registration.payment_deadline is None
    assert not VirtualAccount.objects.filter(registration=registration).exists()

    detail = client.get(submitted["Location"]).content.decode()
    assert "團報窗口聯絡人資訊" in detail and "周窗口" in detail and "02-27712171" in detail
    assert "coordinator@school.example" in detail and "虛擬帳號" not in detail
    assert "團體報名費用由團報窗口統一繳納" in detail

    coordinator = sitting.organisation.coordinators.get()
    client.force_login(coordinator.user)
    dashboard = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert owner.name_zh in dashboard and owner.national_id in dashboard
    export = client.get(f"/group/sittings/{sitting.pk}/export.csv").content.decode("utf-8-sig")
    assert owner.national_id in export
    checklist = pdf_text(client.get(f"/group/sittings/{sitting.pk}/checklist.pdf").content)
    assert owner.name_zh in checklist


def test_a_code_registration_is_the_same_kind_as_an_uploaded_one(client, owner, session, sitting):
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(1)), actor=None)
    post(client, session, "submit", **form_data(session, discount_code=sitting.discount_code))
    uploaded = Registration.objects.exclude(candidate=owner).get()
    by_code = Registration.objects.get(candidate=owner)
    fields = ("group_sitting_id", "plan", "amount", "status", "payment_deadline")
    assert [getattr(by_code, f) for f in fields] == [getattr(uploaded, f) for f in fields]
    assert not VirtualAccount.objects.exists()


def test_without_a_code_the_registration_stays_individual(client, owner, session, sitting):
    post(client, session, "submit", **form_data(session, discount_code="  "))
    registration = Registration.objects.get(candidate=owner)
    assert registration.group_sitting is None and registration.plan != "group"
    assert VirtualAccount.objects.filter(registration=registration).exists()


def _other_sitting_code(session):
    other = make_session(session.level, nth=2)
    return make_sitting(session=other).discount_code


@pytest.mark.parametrize("step", ["review", "submit"])
@pytest.mark.parametrize(
    "case, message",
    [
        ("wrong", "團報折扣碼錯誤，請向您的團報窗口確認"),
        ("other_sitting", "不適用於本梯次"),
        ("expired", "此團報折扣碼已失效：團體報名已於"),
        ("too_long", "至多包含 20 個字"),
    ],
)
def test_a_bad_code_is_refused_on_the_field_and_saves_nothing(
    client, owner, session, sitting, frozen_now, step, case, message
):
    code = sitting.discount_code
    if case == "wrong":
        code = "ZZZZZZZZZZ"
    elif case == "other_sitting":
        code = _other_sitting_code(session)
    elif case == "expired":  # the group window closes a day before the individuals' one
        frozen_now(session.group_registration_closes + dt.timedelta(minutes=1))
    elif case == "too_long":
        code = "A" * 21
    response = post(client, session, step, **form_data(session, discount_code=code))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["discount_code"] and message in errors["discount_code"][0]
    assert message in response.content.decode()
    assert f'value="{code}"' in response.content.decode()  # kept, to correct it
    assert not Registration.objects.exists()
    assert not VirtualAccount.objects.exists()


def test_an_expired_code_still_leaves_the_individual_registration_open(client, owner, session, sitting, frozen_now):
    frozen_now(session.group_registration_closes + dt.timedelta(minutes=1))
    assert post(client, session, "submit", **form_data(session)).status_code == 302
    assert Registration.objects.get(candidate=owner).group_sitting is None


def test_the_code_rule_and_the_service_refuse_a_sitting_of_another_session(session, sitting):
    other = make_session(session.level, nth=2)
    with pytest.raises(GroupError) as refused:
        group_services.group_sitting_for_code(code=sitting.discount_code, session=other)
    assert refused.value.code == "other_session"
    with pytest.raises(RegistrationError) as refused:  # the service checks its own precondition
        registration_create(
            candidate=CandidateFactory(),
            session=other, subjects=list(other.level.subjects.filter(number__in=[1, 2])),
            region=other.regions.first(), group_sitting=sitting,
        )  # fmt: skip
    assert refused.value.code == "other_session"
    assert not Registration.objects.filter(status=RegistrationStatus.AWAITING_PAYMENT).exists()
