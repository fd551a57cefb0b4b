"""Issue 14 §8: account-name enumeration. The group sign-up answered "此帳號已有人使用。" for any
existing name, staff accounts included, and another message for a taken group code; the
candidate sign-up's ambiguous refusal (account or national ID) took one lookup when the name was
taken and two when the ID was. A sign-up must still refuse a taken name (login guide; see
docs/decisions.md "No enumeration"), so what is checked here: one answer that names neither the
field nor the kind of account, and the same work (password hashes, queries) whichever matched."""

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.accounts.models import StaffRole
from tests.accounts.helpers import DETAILS, START, captcha, post_with_captcha, text
from tests.factories import CandidateFactory, UserFactory, staff_user
from tests.groups.factories import make_coordinator

pytestmark = pytest.mark.django_db

GROUP_SIGNUP = {
    "account-username": "freename2026", "account-password": "Group2026Coordinator",
    "account-password_again": "Group2026Coordinator", "account-name": "周芷蔚", "account-phone": "02-27712171",
    "account-email": "c@ntut.example", "org-group_code": "fresh01", "org-name": "國立臺北科技大學",
    "org-kind": "school", "org-business_number": "04595257", "org-invoice_title": "國立臺北科技大學",
    "org-address": "臺北市大安區忠孝東路三段1號", "org-recognition_signed_on": "2025-09-01",
}  # fmt: skip
TYPED = re.compile(r'(name="(?:account-username|org-group_code)"[^>]*?) value="[^"]*"')


@pytest.fixture
def hashes(monkeypatch):
    """How many times a password hash was computed (made or checked)."""
    counted = []
    hasher = type(get_hasher())
    for name in ("encode", "verify"):
        original = getattr(hasher, name)
        monkeypatch.setattr(hasher, name, lambda self, *a, _f=original, **k: counted.append(1) or _f(self, *a, **k))
    return counted


def measured(hashes, send, *typed: str):
    """The answer (without the CSRF token, captcha key and what was typed), queries and hashes."""
    hashes.clear()
    with CaptureQueriesContext(connection) as queries:
        response = send()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
    body = re.sub(r"[0-9a-f]{40}", "KEY", TYPED.sub(r"\1", body))
    for value in typed:
        body = body.replace(value, "TYPED")
    return response.status_code, body, len(queries), len(hashes)


def group_sign_up(client, **changes):
    page = client.get("/group/signup/")
    data = {**GROUP_SIGNUP, **{f"account-{k}" if k == "username" else f"org-{k}": v for k, v in changes.items()}}
    return lambda: client.post("/group/signup/", {**data, **captcha(page)})


def test_a_staff_name_and_a_free_name_get_the_same_answer_at_group_sign_up(client, hashes):
    officer = staff_user(StaffRole.ADMIN, username="opsadmin")
    coordinator = make_coordinator()
    taken_code = coordinator.organisation.group_code
    staff_name = measured(hashes, group_sign_up(client, username=officer.username))
    free_name = measured(hashes, group_sign_up(client, username="freename2026", group_code=taken_code))
    other_name = measured(hashes, group_sign_up(client, username=coordinator.user.username))
    assert staff_name[0] == free_name[0] == other_name[0] == 200
    assert staff_name == free_name == other_name  # same page, same queries, same hashes
    assert "此帳號或團報代碼無法使用" in staff_name[1] and "已有人使用" not in staff_name[1]


def candidate_details(client, username):
    post_with_captcha(client, "/accounts/signup/", {**START, "username": username})
    client.post("/accounts/signup/consent/", {"agree": "on"})
    return lambda: client.post("/accounts/signup/details/", DETAILS)


def test_candidate_sign_up_does_the_same_work_whether_the_name_or_the_id_is_taken(client, hashes):
    """The name was free at the first step and is taken by the last (or the ID is): one answer,
    and the same lookups, so timing does not tell which."""
    name_taken = candidate_details(client, "racer2026")
    UserFactory(username="racer2026")
    by_name = measured(hashes, name_taken, "racer2026")
    id_taken = candidate_details(client, "idowner2026")
    CandidateFactory(national_id=DETAILS["national_id"])
    by_id = measured(hashes, id_taken, "idowner2026")
    assert by_name[0] == by_id[0] == 200
    assert "此帳號與姓名組合無法使用" in by_name[1]
    assert by_name[1:] == by_id[1:]


def test_candidate_sign_up_hashes_the_password_for_a_taken_name_as_for_a_free_one(client, hashes):
    staff_user(username="opsadmin")
    taken = measured(hashes, lambda: post_with_captcha(client, "/accounts/signup/", {**START, "username": "opsadmin"}))
    client.cookies.clear()
    free = measured(hashes, lambda: post_with_captcha(client, "/accounts/signup/", {**START, "username": "free2026"}))
    assert taken[3] == free[3] >= 1
