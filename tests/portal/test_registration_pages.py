import datetime as dt

import pytest
from django.urls import reverse

from skillcert.accounts.models import User
from skillcert.catalog.models import SeatPool
from skillcert.registrations import services
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory, UserFactory, make_session, staff_user
from tests.registrations.factories import pdf_upload, register, text_upload

pytestmark = pytest.mark.django_db


def form_data(session, numbers=(1, 2), **extra):
    subjects = session.level.subjects.filter(number__in=numbers)
    return {
        "subjects": [str(s.pk) for s in subjects],
        "region": str(session.regions.get().pk),
        "claimed_plan": "",
        "seat": "",
        **extra,
    }


def test_a_candidate_registers_through_choice_review_and_submit(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200 and "考科1" in page.content.decode()
    review = client.post(url, {**form_data(session), "step": "review"})
    text = review.content.decode()
    assert review.status_code == 200 and "1,600" in text and "新考生報名優惠" in text
    assert Registration.objects.count() == 0
    done = client.post(url, {**form_data(session), "step": "submit"}, follow=True)
    registration = Registration.objects.get(candidate=owner)
    assert done.redirect_chain[-1][0] == reverse("portal:registration_detail", args=[registration.pk])
    body = done.content.decode()
    assert "待繳費" in body and "1,600" in body


def test_a_path_that_does_not_certify_is_explained_on_the_form(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    response = client.post(url, {**form_data(session, numbers=(2, 3)), "step": "submit"})
    assert response.status_code == 400 and "授證組合" in response.content.decode()
    assert Registration.objects.count() == 0


def test_plan_documents_are_asked_on_the_review_page_and_checked(client, owner, session):
    url = reverse("portal:registration_new", args=[session.pk])
    data = form_data(session, claimed_plan="disadvantaged")
    review = client.post(url, {**data, "step": "review"})
    assert "720" in review.content.decode() and 'name="plan_document"' in review.content.decode()
    missing = client.post(url, {**data, "step": "submit"})
    assert missing.status_code == 400 and Registration.objects.count() == 0
    wrong = client.post(url, {**data, "step": "submit", "plan_document": text_upload()})
    assert "PDF" in wrong.content.decode() and Registration.objects.count() == 0
    # What was chosen is still there on the page: nothing is lost.
    assert f'value="{data["subjects"][0]}"' in wrong.content.decode()
    client.post(url, {**data, "step": "submit", "plan_document": pdf_upload()})
    registration = Registration.objects.get()
    assert (registration.status, registration.amount) == ("awaiting_review", 720)


def test_after_the_deadline_the_submit_is_refused_with_a_message_and_the_choices_kept(
    client, owner, session, frozen_now
):
    url = reverse("portal:registration_new", args=[session.pk])
    frozen_now(session.registration_closes + dt.timedelta(minutes=5))
    response = client.post(url, {**form_data(session), "step": "submit"})
    text = response.content.decode()
    assert response.status_code == 400 and "截止" in text and 'name="subjects"' in text
    assert Registration.objects.count() == 0


def test_a_full_sitting_is_refused_with_the_reason_and_a_way_on(client, owner):
    session = make_session(capacity=1)
    register(session=session)
    response = client.post(
        reverse("portal:registration_new", args=[session.pk]), {**form_data(session), "step": "submit"}
    )
    text = response.content.decode()
    assert response.status_code == 409 and "名額已滿" in text and "沒有其他尚有名額的梯次" in text
    assert reverse("portal:registration_sessions") in text
    assert SeatPool.objects.get(session=session).held == 1
    assert not Registration.objects.filter(candidate=owner).exists()


def test_a_full_sitting_offers_the_next_sitting_of_the_level_with_seats(client, owner):
    full = make_session(capacity=1)
    register(session=full)
    make_session(full.level, nth=2, capacity=1, exam_in_days=50)
    register(session=full.level.sessions.get(nth=2))  # full too: not offered
    following = make_session(full.level, nth=3, exam_in_days=60)
    response = client.post(reverse("portal:registration_new", args=[full.pk]), {**form_data(full), "step": "submit"})
    text = response.content.decode()
    assert response.status_code == 409 and str(following) in text
    assert reverse("portal:registration_new", args=[following.pk]) in text
    # Opening the full sitting's form again says so before anything is filled in.
    page = client.get(reverse("portal:registration_new", args=[full.pk])).content.decode()
    assert "學科名額已滿" in page and reverse("portal:registration_new", args=[following.pk]) in page
    assert "學科名額已滿" not in client.get(reverse("portal:registration_new", args=[following.pk])).content.decode()


def test_status_page_lists_every_registration_with_its_next_step(client, owner, session):
    registration = register(candidate=owner, session=session)
    page = client.get(reverse("portal:registration_list")).content.decode()
    assert f">{registration.pk}<" in page and "請於" in page
    services.registration_mark_paid(registration=registration)
    page = client.get(reverse("portal:registration_list")).content.decode()
    assert "繳費成功" in page
    assert "繳費成功" in client.get(reverse("portal:home")).content.decode()


def test_the_candidate_cancels_an_unpaid_registration(client, owner, session):
    registration = register(candidate=owner, session=session)
    client.post(
        reverse("portal:registration_cancel", args=[registration.pk]), {"confirm": "yes"}
    )  # after its confirmation
    registration.refresh_from_db()
    assert registration.status == "cancelled" and SeatPool.objects.get(session=session).held == 0


def test_the_candidate_applies_for_a_refund_after_paying(client, owner, session):
    registration = register(candidate=owner, session=session)
    services.registration_mark_paid(registration=registration)
    url = reverse("portal:refund_new", args=[registration.pk])
    assert "全額退費" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "full_in_window", "bank_code": "17", "branch_code": "0012",
                            "account_number": "123456789", "account_holder": "王"})  # fmt: skip
    assert bad.status_code == 400 and registration.refund_requests.count() == 0
    client.post(url, {"kind": "full_in_window", "bank_code": "017", "branch_code": "0012",
                      "account_number": "123456789", "account_holder": "王"})  # fmt: skip
    assert registration.refund_requests.get().requested_amount == 1600
    assert "審核中" in client.get(reverse("portal:registration_detail", args=[registration.pk])).content.decode()


# Access: owner, another candidate, a coordinator, staff, anonymous.


@pytest.mark.parametrize("name", ["registration_detail", "refund_new"])
def test_another_candidate_gets_404_on_your_registration(client, session, name):
    registration = register(session=session)
    client.force_login(CandidateFactory().user)
    assert client.get(reverse(f"portal:{name}", args=[registration.pk])).status_code == 404
    assert client.post(reverse("portal:registration_cancel", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment"


def test_the_owner_sees_their_registration(client, owner, session):
    registration = register(candidate=owner, session=session)
    assert client.get(reverse("portal:registration_detail", args=[registration.pk])).status_code == 200


def test_a_coordinator_cannot_use_candidate_pages(client, session):
    registration = register(session=session)
    client.force_login(UserFactory(kind=User.Kind.COORDINATOR))
    assert client.get(reverse("portal:registration_detail", args=[registration.pk])).status_code == 403
    assert client.get(reverse("portal:registration_list")).status_code == 403


def test_only_candidates_open_or_submit_the_registration_form(client, session):
    url = reverse("portal:registration_new", args=[session.pk])
    client.force_login(UserFactory(kind=User.Kind.COORDINATOR))
    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "submit", **form_data(session)}).status_code == 403
    # An account of the candidate kind whose profile is missing: 403 too (on a submit the
    # profile is read lazily, when first needed), never a server error, and nothing registered.
    client.force_login(UserFactory(kind=User.Kind.CANDIDATE))
    assert client.get(url).status_code == 403
    assert client.post(url, {"step": "submit", **form_data(session)}).status_code == 403
    assert not Registration.objects.exists()


def test_staff_and_coordinators_landing_on_portal_home_go_to_their_own_door(client):
    client.force_login(staff_user())
    assert client.get(reverse("portal:home")).url == reverse("backoffice:index")


@pytest.mark.parametrize("url", ["portal:home", "portal:registration_list", "portal:registration_sessions"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_anonymous_visitors_cannot_open_a_registration(client, session):
    registration = register(session=session)
    response = client.get(reverse("portal:registration_detail", args=[registration.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_after_the_deadline_the_status_page_says_when_the_seat_goes_if_no_payment_arrives(
    client, owner, session, frozen_now
):
    registration = register(candidate=owner, session=session)
    frozen_now(registration.payment_deadline + dt.timedelta(hours=2))
    page = client.get(reverse("portal:registration_list")).content.decode()
    assert "已過" in page and "銀行入帳資料到達後" in page and "釋出" in page
