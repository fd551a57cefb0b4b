"""Issue 11's bad input at the exam-room door, one by one: each gets a clear message in a 4xx
and changes nothing — a save for an item not on the candidate's form, an option that does not
exist, a save after submission; a sign-in with a wrong admission number, from a computer not
enrolled, or from another room's workstation."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.cbt.models import Answer, Attempt
from skillcert.examroom.workstations import WORKSTATION_COOKIE
from tests.cbt.delivery_factories import START, exam_room, other_room_workstation
from tests.examroom.helpers import enrolled, save, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


def answers(attempt):
    return list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("choice", "flagged", "seq"))


def test_refused_saves_say_why_and_change_nothing(client, frozen_now, room):
    candidate = room.candidate()
    sign_in(enrolled(client, room.workstation), candidate)
    frozen_now(START)
    client.post(reverse("examroom:start"))
    attempt = Attempt.objects.get(registration=candidate)
    assert save(client, position=1, choice="B", flagged=False, seq=1).status_code == 200
    before = answers(attempt)

    not_on_form = save(client, position=room.form.items.count() + 1, choice="A", flagged=False, seq=2)
    assert not_on_form.status_code == 400 and not_on_form.json()["error"] == "本試卷沒有這一題。"
    no_such_option = save(client, position=1, choice="E", flagged=False, seq=2)  # four options: A–D
    assert no_such_option.status_code == 400 and no_such_option.json()["error"] == "這一題沒有這個選項。"
    assert answers(attempt) == before

    frozen_now(START + dt.timedelta(minutes=31))
    assert client.post(reverse("examroom:submit")).status_code in (200, 302)
    late = save(client, position=1, choice="C", flagged=False, seq=3)
    assert late.status_code == 409 and "已交卷" in late.json()["error"]
    assert answers(attempt) == before


def test_refused_sign_ins_say_why_and_create_nothing(client, room):
    candidate = room.candidate()
    wrong = candidate.admission_number[:-1] + ("0" if candidate.admission_number[-1] != "0" else "1")
    response = client.post(
        reverse("examroom:sign_in"), {"admission_number": wrong, "national_id": candidate.candidate.national_id}
    )
    assert response.status_code == 403  # no workstation cookie: not even the form
    response = enrolled(client, room.workstation).post(
        reverse("examroom:sign_in"), {"admission_number": wrong, "national_id": candidate.candidate.national_id}
    )
    assert response.status_code == 403 and "考試通知碼或身分證字號不正確" in response.content.decode()

    client.cookies[WORKSTATION_COOKIE] = f"{room.workstation.pk}:forged"  # a computer not enrolled
    response = sign_in(client, candidate)
    assert response.status_code == 403 and "未登錄" in response.content.decode()

    response = sign_in(enrolled(client, other_room_workstation(room)), candidate)
    assert response.status_code == 403 and "不在本試場" in response.content.decode()
    assert not Attempt.objects.exists()
