"""The candidate's exam screen over HTTP: only an enrolled workstation opens it, sign-in
refusals are 4xx with a message, the page never carries the key, autosave answers 200/4xx and
bad input changes nothing, submission after 30 minutes."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from skillcert.cbt import proctoring
from skillcert.cbt.models import Answer, Attempt
from skillcert.examroom.workstations import ATTEMPT_COOKIE, WORKSTATION_COOKIE
from tests.cbt.delivery_factories import END, START, exam_room, other_room_workstation
from tests.cbt.factories import png_bytes
from tests.examroom.helpers import enrolled, save, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


@pytest.fixture
def candidate(room):
    return room.candidate()


def test_a_computer_not_enrolled_cannot_open_the_exam(client, room, candidate):
    assert client.get(reverse("examroom:sign_in")).status_code == 403
    client.cookies[WORKSTATION_COOKIE] = f"{room.workstation.pk}:forged"
    response = sign_in(client, candidate)
    assert response.status_code == 403 and "未登錄" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_workstation_of_another_room_is_refused(client, frozen_now, room, candidate):
    response = sign_in(enrolled(client, other_room_workstation(room)), candidate)
    assert response.status_code == 403 and "不在本試場" in response.content.decode()


def test_a_wrong_admission_number_is_refused_with_a_message(client, room, candidate):
    candidate.admission_number = candidate.admission_number[:-1] + (
        "0" if candidate.admission_number[-1] != "0" else "1"
    )
    response = sign_in(enrolled(client, room.workstation), candidate)
    assert response.status_code == 403 and "考試通知碼或身分證字號不正確" in response.content.decode()


def test_sign_in_shows_the_tutorial_and_items_come_only_after_the_start(client, frozen_now, room, candidate):
    response = sign_in(enrolled(client, room.workstation), candidate)
    assert response.status_code == 302 and client.cookies[ATTEMPT_COOKIE].value
    page = client.get(reverse("examroom:exam")).content.decode()
    assert "練習題 1" in page and "q1" not in page
    assert client.post(reverse("examroom:start")).status_code == 409
    frozen_now(START)
    assert client.post(reverse("examroom:start")).status_code == 302
    page = client.get(reverse("examroom:exam")).content.decode()
    form_item = room.form.items.select_related("version").get(position=1)
    assert form_item.version.stem in page
    assert "correct" not in page and 'name="q5"' in page


def started_client(client, frozen_now, room, candidate):
    sign_in(enrolled(client, room.workstation), candidate)
    frozen_now(START)
    client.post(reverse("examroom:start"))
    return Attempt.objects.get(registration=candidate)


def test_autosave_answers_and_refuses_bad_input(client, frozen_now, room, candidate):
    attempt = started_client(client, frozen_now, room, candidate)
    ok = save(client, position=2, choice="B", flagged=True, seq=1)
    assert ok.status_code == 200 and ok.json() == {"saved": True, "seq": 1}
    assert save(client, position=2, choice="A", flagged=False, seq=1).json()["saved"] is False
    for bad in ({"position": 42, "choice": "A"}, {"position": 2, "choice": "Z"}, {"position": 2, "choice": 3}):
        response = save(client, flagged=False, seq=5, **bad)
        assert response.status_code == 400 and response.json()["error"]
    broken = client.post(reverse("examroom:save"), "not json", content_type="application/json")
    assert broken.status_code == 400
    answer = Answer.objects.get(attempt=attempt, position=2)
    assert (answer.seq, answer.flagged) == (1, True)


def test_a_save_after_the_end_is_refused(client, frozen_now, room, candidate):
    started_client(client, frozen_now, room, candidate)
    frozen_now(END)
    response = save(client, position=1, choice="A", flagged=False, seq=1)
    assert response.status_code == 409 and "已交卷" in response.json()["error"]
    assert "自動交卷" in client.get(reverse("examroom:exam")).content.decode()


def test_a_stolen_token_from_another_computer_cannot_save(client, frozen_now, room, candidate):
    started_client(client, frozen_now, room, candidate)
    token = client.cookies[ATTEMPT_COOKIE].value
    second = proctoring.workstation_enrol(opening=room.opening, label="99", actor=room.proctor)
    other = enrolled(Client(), second)
    other.cookies[ATTEMPT_COOKIE] = token
    assert save(other, position=1, choice="A", flagged=False, seq=1).status_code == 403


def test_submit_waits_thirty_minutes(client, frozen_now, room, candidate):
    attempt = started_client(client, frozen_now, room, candidate)
    assert client.post(reverse("examroom:submit")).status_code == 409
    frozen_now(START + dt.timedelta(minutes=30))
    response = client.post(reverse("examroom:submit"))
    assert response.status_code == 200 and "已交卷" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == "submitted"


def test_the_state_shows_the_candidates_own_end(client, frozen_now, room):
    candidate = room.candidate(extra_minutes=20)
    started_client(client, frozen_now, room, candidate)
    state = json.loads(client.get(reverse("examroom:state")).content)
    assert state["seconds_left"] == (END - START).seconds + 20 * 60


def test_a_paused_candidate_sees_why_and_comes_back(client, frozen_now, room, candidate):
    attempt = started_client(client, frozen_now, room, candidate)
    proctoring.attempt_pause(attempt=attempt, actor=room.proctor)
    response = client.get(reverse("examroom:exam"))
    assert response.status_code == 409 and "暫停或鎖定" in response.content.decode()
    proctoring.attempt_resume(attempt=attempt, actor=room.proctor)
    assert 'name="q1"' in client.get(reverse("examroom:exam")).content.decode()


def test_a_figure_is_served_only_during_the_exam(client, frozen_now, room, candidate):
    version = room.form.items.get(position=1).version
    version.figure = SimpleUploadedFile("f.png", png_bytes())
    version.save()
    sign_in(enrolled(client, room.workstation), candidate)
    url = reverse("examroom:figure", args=[1])
    assert client.get(url).status_code == 403
    frozen_now(START)
    client.post(reverse("examroom:start"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(reverse("examroom:figure", args=[2])).status_code == 404
    assert Client().get(url).status_code == 403  # another browser, no attempt
