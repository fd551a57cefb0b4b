"""The pages show the closing instant the check uses, and the check closes at that instant
(「中午12點止」, issue 13)."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.core import clock
from skillcert.registrations.models import Registration
from tests.factories import make_session
from tests.portal.test_registration_pages import form_data

pytestmark = pytest.mark.django_db

NOON = clock.at(dt.date(2026, 4, 10), 12)


@pytest.fixture
def session(frozen_now):
    frozen_now(NOON - dt.timedelta(days=5))
    session = make_session()
    session.registration_closes = NOON
    session.save(update_fields=["registration_closes"])
    return session


def test_the_sessions_page_prints_the_closing_instant_and_drops_the_sitting_at_that_instant(
    client, owner, session, frozen_now
):
    frozen_now(NOON - dt.timedelta(microseconds=1))
    page = client.get(reverse("portal:registration_sessions")).content.decode()
    assert clock.roc_datetime(NOON) in page and "115/04/10(五) 12:00" in page
    frozen_now(NOON)
    page = client.get(reverse("portal:registration_sessions")).content.decode()
    assert "115/04/10(五) 12:00" not in page


@pytest.mark.parametrize(
    ("moment", "registered"),
    [(NOON - dt.timedelta(microseconds=1), True), (NOON, False)],
    ids=["11:59:59.999999", "12:00:00"],
)
def test_a_submission_at_the_closing_instant_is_refused(client, owner, session, frozen_now, moment, registered):
    frozen_now(moment)
    url = reverse("portal:registration_new", args=[session.pk])
    response = client.post(url, {**form_data(session), "step": "submit"})
    assert Registration.objects.filter(candidate=owner).exists() is registered
    if not registered:
        assert response.status_code == 400 and "115/04/10(五) 12:00" in response.content.decode()
