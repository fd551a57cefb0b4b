"""The proctor's console over HTTP: venue staff only (other staff, a candidate, anonymous
refused); enrolling sets the workstation cookie in the proctor's browser; lock, unlock and
added minutes act and are audited; a crashed workstation's candidate resumes elsewhere; an
incident becomes the exam-day deduction; the console and the roll call link to each other."""

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.cbt.models import Attempt
from skillcert.core.audit import history
from skillcert.examroom.workstations import WORKSTATION_COOKIE
from skillcert.scoring.models import Deduction
from tests.cbt.delivery_factories import END, START, exam_room, started
from tests.examroom.helpers import enrolled, save, sign_in
from tests.factories import PASSWORD, CandidateFactory, StaffRole, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


def as_user(user):
    client = Client()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


def test_only_venue_staff_see_the_console(room):
    url = reverse("examroom:console", args=[room.opening.pk])
    assert as_user(room.proctor).get(url).status_code == 200
    assert as_user(staff_user(StaffRole.ITEM_REVIEWER)).get(url).status_code == 403
    assert as_user(CandidateFactory().user).get(url).status_code in (302, 403)
    assert as_user(None).get(url).status_code == 302


def test_room_page_opens_the_console(room):
    url = reverse("examroom:room", args=[room.opening.room_id, room.period.pk])
    response = as_user(room.proctor).get(url)
    assert response.status_code == 302 and response.url == reverse("examroom:console", args=[room.opening.pk])


def test_enrolling_sets_the_workstation_cookie_and_candidates_can_sign_in(room):
    browser = as_user(room.proctor)
    response = browser.post(reverse("examroom:enrol", args=[room.opening.pk]), {"label": "A12"})
    assert response.status_code == 302 and browser.cookies[WORKSTATION_COOKIE].value
    assert sign_in(browser, room.candidate()).status_code == 302
    assert room.opening.workstations.filter(label="A12").exists()


def test_another_role_cannot_act_on_a_candidate(room, frozen_now):
    attempt = started(room, frozen_now)
    url = reverse("examroom:act", args=[room.opening.pk, attempt.pk, "lock"])
    assert as_user(staff_user(StaffRole.FINANCE)).post(url).status_code == 403
    assert as_user(None).post(url).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_added_minutes_over_http_are_audited_and_bad_input_changes_nothing(room, frozen_now):
    attempt = started(room, frozen_now)
    browser = as_user(room.proctor)
    url = reverse("examroom:act", args=[room.opening.pk, attempt.pk, "add_minutes"])
    browser.post(url, {"minutes": "abc", "reason": "當機"})
    browser.post(url, {"minutes": "5", "reason": ""})
    attempt.refresh_from_db()
    assert attempt.ends_at == END
    browser.post(url, {"minutes": "5", "reason": "電腦當機"})
    attempt.refresh_from_db()
    assert attempt.added_minutes == 5
    assert any(entry.action == "cbt.minutes_added" for entry in history(attempt))


def test_a_crashed_workstation_resumes_elsewhere_after_unlock(room, frozen_now):
    first = enrolled(Client(), room.workstation)
    candidate = room.candidate()
    sign_in(first, candidate)
    frozen_now(START)
    first.post(reverse("examroom:start"))
    save(first, position=3, choice="C", flagged=True, seq=1)
    proctor = as_user(room.proctor)
    proctor.post(reverse("examroom:enrol", args=[room.opening.pk]), {"label": "02"})
    assert sign_in(proctor, candidate).status_code == 409  # still signed in on the first computer
    attempt = Attempt.objects.get(registration=candidate)
    proctor.post(reverse("examroom:act", args=[room.opening.pk, attempt.pk, "unlock"]))
    assert sign_in(proctor, candidate).status_code == 302
    page = proctor.get(reverse("examroom:exam")).content.decode()
    assert 'data-seq="1"' in page and 'aria-pressed="true"' in page
    assert save(first, position=3, choice="A", flagged=False, seq=2).status_code == 403


def test_an_incident_from_the_console_is_the_roll_calls_deduction(room, frozen_now):
    attempt = started(room, frozen_now)
    browser = as_user(room.proctor)
    url = reverse("examroom:act", args=[room.opening.pk, attempt.pk, "incident"])
    refused = browser.post(url, {"kind": "phone", "points": "ten", "note": "鈴響"}, follow=True)
    assert "5 至 20" in refused.content.decode() and not Deduction.objects.exists()
    assert as_user(staff_user(StaffRole.FINANCE)).post(url, {"kind": "fraud"}).status_code == 403
    assert not Deduction.objects.exists()

    page = browser.post(url, {"kind": "phone", "points": "15", "note": "鈴響"}, follow=True).content.decode()
    assert "已記錄" in page and "−15" in page
    deduction = Deduction.objects.get()
    assert (deduction.kind, deduction.points, deduction.recorded_by) == ("phone", 15, room.proctor)
    roll_call = reverse("backoffice_tools:examday_roll_call", args=[room.opening.room_id, room.period.pk])
    assert "−15" in browser.get(roll_call).content.decode()  # one record, seen on both pages


def test_the_console_and_the_roll_call_link_to_each_other(room):
    browser = as_user(room.proctor)
    roll_call = reverse("backoffice_tools:examday_roll_call", args=[room.opening.room_id, room.period.pk])
    console = reverse("examroom:room", args=[room.opening.room_id, room.period.pk])
    assert f'href="{console}"' in browser.get(roll_call).content.decode()
    assert f'href="{roll_call}"' in browser.get(reverse("examroom:console", args=[room.opening.pk])).content.decode()
