"""Retaking a kept subject is the candidate's choice (issue 13): not required, allowed, and the
form says the pass is kept and until when (民國 date)."""

import pytest
from django.urls import reverse

from skillcert.core import clock
from skillcert.registrations.models import Registration
from skillcert.scoring import rules as scoring_rules
from tests.factories import CandidateFactory, make_level, make_session
from tests.portal.test_registration_pages import form_data
from tests.scoring.factories import scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(client):
    """A candidate who passed subject 1 (and failed 2) in a past sitting, and the next sitting."""
    level = make_level()
    past = make_session(level, nth=1, opens_days_ago=120, closes_in_days=-90, exam_in_days=-60)
    candidate = CandidateFactory()
    scored(candidate, past, {1: 82, 2: 55})
    client.force_login(candidate.user)
    return candidate, past, make_session(level, nth=2)


def test_the_form_says_the_pass_is_kept_and_until_when(client, kept):
    candidate, past, upcoming = kept
    page = client.get(reverse("portal:registration_new", args=[upcoming.pk])).content.decode()
    until = clock.roc_date(scoring_rules.kept_until(past.exam_date), weekday=False)
    assert f"及格成績保留至 {until}" in page
    assert page.count("及格成績保留至") == 1  # only subject 1


@pytest.mark.parametrize("numbers", [(2,), (1, 2)], ids=["kept-left-out", "kept-retaken"])
def test_a_kept_subject_may_be_left_out_or_taken_again(client, kept, numbers):
    candidate, _past, upcoming = kept
    url = reverse("portal:registration_new", args=[upcoming.pk])
    response = client.post(url, {**form_data(upcoming, numbers=numbers), "step": "submit"})
    assert response.status_code == 302
    registration = Registration.objects.get(candidate=candidate, session=upcoming)
    assert sorted(s.subject.number for s in registration.subjects.all()) == list(numbers)


def test_a_candidate_without_kept_passes_sees_no_kept_note(client, kept):
    _candidate, _past, upcoming = kept
    client.force_login(CandidateFactory().user)
    page = client.get(reverse("portal:registration_new", args=[upcoming.pk])).content.decode()
    assert "及格成績保留至" not in page
