"""The choice step refuses, on the field to change, what the service would refuse (issue 13):
a combination that fits no path, a practical subject without its venue, a sitting already
registered for; the portal offers 已報名 instead of 報名此梯次 for that sitting."""

import pytest
from django.urls import reverse

from skillcert.catalog.models import Region, SeatPool, SubjectKind, Venue
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory, make_session
from tests.portal.test_registration_pages import form_data
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db


def review(client, session, **data):
    return client.post(reverse("portal:registration_new", args=[session.pk]), {"step": "review", **data})


def test_a_combination_fitting_no_path_is_refused_on_the_subjects_field_with_the_choices_kept(client, owner, session):
    response = review(client, session, **form_data(session, numbers=(2, 3)))
    assert response.status_code == 400
    form = response.context["form"]
    assert "subjects" in form.errors and "授證組合" in form.errors["subjects"][0]
    assert set(form["subjects"].value()) == {str(s.pk) for s in session.level.subjects.filter(number__in=(2, 3))}
    assert 'name="step" value="review"' in response.content.decode()  # the choice page, to fix it
    fixed = review(client, session, **form_data(session, numbers=(1, 2)))
    assert fixed.status_code == 200 and not fixed.context["form"].errors


def test_a_practical_subject_without_its_venue_is_refused_on_the_venue_field(client, owner, session):
    venue = Venue.objects.create(region=Region.objects.get(name="台北"), name="明新科大")
    SeatPool.objects.create(session=session, kind=SubjectKind.PRACTICAL, venue=venue, capacity=10)
    response = review(client, session, **form_data(session, numbers=(1, 3)))
    assert response.status_code == 400 and "practical_venue" in response.context["form"].errors
    fixed = review(client, session, **form_data(session, numbers=(1, 3), practical_venue=str(venue.pk)))
    assert fixed.status_code == 200


def test_a_sitting_already_registered_for_is_refused_on_the_choice_step_with_a_link(client, owner, session):
    registration = register(candidate=owner, session=session)
    response = review(client, session, **form_data(session))
    assert response.status_code == 400 and "您已報名本梯次" in response.content.decode()
    assert reverse("portal:registration_detail", args=[registration.pk]) in response.content.decode()
    assert Registration.objects.filter(candidate=owner).count() == 1


def test_the_service_still_refuses_a_second_registration(owner, session):
    from skillcert.registrations.errors import RegistrationError

    register(candidate=owner, session=session)
    with pytest.raises(RegistrationError) as refused:
        register(candidate=owner, session=session)
    assert refused.value.code == "duplicate"


@pytest.mark.parametrize("page", ["portal:home", "portal:registration_sessions"])
def test_the_portal_shows_already_registered_instead_of_register_for_that_sitting(client, owner, session, page):
    other = make_session(session.level, nth=2)
    registration = register(candidate=owner, session=session)
    text = client.get(reverse(page)).content.decode()
    assert reverse("portal:registration_detail", args=[registration.pk]) in text and "已報名" in text
    assert reverse("portal:registration_new", args=[session.pk]) not in text
    assert reverse("portal:registration_new", args=[other.pk]) in text


def test_another_candidate_still_sees_register_for_that_sitting(client, session):
    register(session=session)
    outsider = CandidateFactory()
    client.force_login(outsider.user)
    text = client.get(reverse("portal:registration_sessions")).content.decode()
    assert reverse("portal:registration_new", args=[session.pk]) in text
