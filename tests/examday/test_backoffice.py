"""The exam officer's seating page: who may open and run it, and what it shows."""

import pytest
from django.urls import reverse

from skillcert.core.models import AuditEntry
from skillcert.examday.models import SeatAssignment
from tests.factories import PASSWORD, CandidateFactory, StaffRole, make_session, staff_user

from .factories import closed_sitting, make_room, make_venue, paid

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("role", [StaffRole.ITEM_OFFICER, StaffRole.VENUE])
def test_an_exam_officer_runs_the_allocation_and_sees_the_report(client, role):
    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=2, columns=2)
    paid(session, numbers=(1,))
    officer = staff_user(role)
    _login(client, officer)
    response = client.post(reverse("backoffice_tools:examday_allocate", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert "座位安排完成" in response.content.decode()
    assert SeatAssignment.objects.count() == 1
    assert AuditEntry.objects.filter(action="examday.allocate", actor=officer).exists()
    assert str(session) in client.get(reverse("backoffice_tools:examday_index")).content.decode()


def test_the_shortfall_is_shown_by_region_and_need(client):
    session = closed_sitting(subjects=("written",))
    make_room(make_venue(), rows=1, columns=1)
    paid(session, numbers=(1,))
    paid(session, numbers=(1,), needs={"approved_minutes": 20})
    _login(client, staff_user(StaffRole.ITEM_OFFICER))
    page = client.post(reverse("backoffice_tools:examday_allocate", args=[session.pk]), follow=True).content.decode()
    assert "座位不足" in page and "延長考試時間" in page and "台北" in page
    assert not SeatAssignment.objects.exists()


def test_running_before_registration_closes_says_why_and_changes_nothing(client):
    session = make_session()
    _login(client, staff_user(StaffRole.ITEM_OFFICER))
    page = client.post(reverse("backoffice_tools:examday_allocate", args=[session.pk]), follow=True)
    assert page.status_code == 200 and "報名尚未截止" in page.content.decode()
    assert not session.allocation_runs.exists()


def test_other_staff_candidates_and_visitors_cannot_run_it(client):
    session = closed_sitting(subjects=("written",))
    url = reverse("backoffice_tools:examday_allocate", args=[session.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    _login(client, staff_user(StaffRole.FINANCE))
    assert client.post(url).status_code == 403
    assert client.get(reverse("backoffice_tools:examday_seating", args=[session.pk])).status_code == 403
    client.logout()
    candidate = CandidateFactory()
    _login(client, candidate.user)
    assert client.post(url).status_code == 403
    assert not session.allocation_runs.exists()


def test_an_unknown_sitting_is_a_404(client):
    _login(client, staff_user(StaffRole.ITEM_OFFICER))
    assert client.post(reverse("backoffice_tools:examday_allocate", args=[999999])).status_code == 404
