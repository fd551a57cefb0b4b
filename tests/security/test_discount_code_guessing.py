"""Guessing a group's discount code (issue 12): a code gives the group price and puts the
candidate on the group's bill, so wrong codes are counted per address and account
(`throttle.DISCOUNT_CODE_FAILURES_PER_IP_AND_ACCOUNT`) and per address; past the limit every
code is refused with a 429 and a zh-Hant message, even a right one (no oracle), and nothing is
saved. A classmate behind the same school address is not locked out by one student's typos."""

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.accounts import throttle
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory, make_session
from tests.groups.factories import make_sitting
from tests.portal.test_registration_pages import form_data

pytestmark = pytest.mark.django_db
LIMIT = int(throttle.DISCOUNT_CODE_FAILURES_PER_IP_AND_ACCOUNT.rate.split("/")[0])
SCHOOL = "203.0.113.9"


def rules_code(n: int) -> str:
    return f"GUESS{n:05d}"


def guess(client, session, code, step="review"):
    url = reverse("portal:registration_new", args=[session.pk])
    return client.post(url, {"step": step, **form_data(session, discount_code=code)}, REMOTE_ADDR=SCHOOL)


def logged_in():
    client = Client()
    client.force_login(CandidateFactory().user)
    return client


def test_guessing_codes_is_refused_after_the_limit_and_saves_nothing():
    session = make_session()
    sitting = make_sitting(session=session)
    guesser = logged_in()
    statuses = [guess(guesser, session, rules_code(n)).status_code for n in range(LIMIT)]
    assert statuses == [400] * LIMIT  # each wrong code: the form again, with the message

    refused = guess(guesser, session, rules_code(LIMIT))
    assert refused.status_code == 429
    assert "團報折扣碼錯誤次數過多，請稍後（約 15 分鐘）再試" in refused.content.decode()
    # The right code no longer answers either, on review or on submit: no oracle, nothing saved.
    assert guess(guesser, session, sitting.discount_code).status_code == 429
    assert guess(guesser, session, sitting.discount_code, step="submit").status_code == 429
    assert not Registration.objects.exists()

    # Registering without a code is not blocked: only codes are counted.
    plain = guesser.post(
        reverse("portal:registration_new", args=[session.pk]), {"step": "review", **form_data(session)},
        REMOTE_ADDR=SCHOOL,
    )  # fmt: skip
    assert plain.status_code == 200

    # A classmate behind the same school address still registers with the right code.
    classmate = logged_in()
    assert guess(classmate, session, sitting.discount_code, step="submit").status_code == 302
    assert Registration.objects.get().group_sitting == sitting


def test_one_address_trying_many_accounts_is_stopped_too(monkeypatch):
    # The per-address limit is wide (a school's students share an address); a smaller one keeps
    # the test short, the counting is the same.
    per_address = LIMIT + 3
    monkeypatch.setattr(
        throttle, "DISCOUNT_CODE_FAILURES_PER_IP", throttle.Limit("discount_code.ip", f"{per_address}/15m")
    )
    session = make_session()
    sitting = make_sitting(session=session)
    n = 0
    while n < per_address:
        client = logged_in()
        for _ in range(min(LIMIT, per_address - n)):
            assert guess(client, session, rules_code(n)).status_code == 400
            n += 1
    assert guess(logged_in(), session, sitting.discount_code).status_code == 429
    assert not Registration.objects.exists()
