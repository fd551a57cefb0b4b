"""Issue 14 §11: the API answered a POST without a key, or with a bad one, with 403 "CSRF" (a
prober scripting the API, like any non-browser client, sends no CSRF cookie); it must be 401
with a JSON body and a `WWW-Authenticate: Bearer` challenge. And the bank-file API took files of
any size, while the back-office form stops at its cap: one cap now, for both doors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from skillcert.accounts.models import StaffRole
from skillcert.api.models import ApiToken
from skillcert.payments import bankfile
from skillcert.payments.models import ImportBatch
from tests.factories import staff_user

pytestmark = pytest.mark.django_db
BANK_FILES = "/api/payments/bank-files/"
OUTCOMES = "/api/scoring/sessions/1/outcomes/"


@pytest.fixture
def prober():
    return Client(enforce_csrf_checks=True)  # a script: no CSRF cookie, as a real client


def post_file(client, content=b"H017\r\n", **headers):
    return client.post(BANK_FILES, {"file": SimpleUploadedFile("credits.txt", content)}, **headers)


@pytest.mark.parametrize(
    ("authorization", "error"),
    [(None, None), ("Bearer not-a-key", "invalid_token"), ("Bearer ", "invalid_token"),
     ("Basic dXNlcjpwYXNz", "invalid_token"), ("bearer", "invalid_token")],
)  # fmt: skip
def test_a_missing_or_bad_key_gets_401_json_never_403_csrf(prober, authorization, error):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    for response in (post_file(prober, **headers), prober.get(OUTCOMES, **headers)):
        assert response.status_code == 401, response.content
        assert response["Content-Type"] == "application/json" and response.json()["error"]
        assert "CSRF" not in response.content.decode()
        challenge = response["WWW-Authenticate"]
        assert challenge.startswith("Bearer ") and (error is None or f'error="{error}"' in challenge)
    assert not ImportBatch.objects.exists()


def test_a_key_of_a_disabled_account_is_a_bad_key(prober):
    user = staff_user(StaffRole.FINANCE)
    _token, key = ApiToken.issue(user=user, name="bank robot")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert post_file(prober, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_a_valid_key_gets_past_and_a_wrong_role_is_403(prober):
    _token, key = ApiToken.issue(user=staff_user(StaffRole.FINANCE), name="bank robot")
    bad_file = post_file(prober, b"H017\r\nD???\r\n", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bad_file.status_code == 400 and bad_file.json()["lines"]
    _token, venue_key = ApiToken.issue(user=staff_user(StaffRole.VENUE), name="wrong role")
    assert post_file(prober, HTTP_AUTHORIZATION=f"Bearer {venue_key}").status_code == 403


def test_a_signed_in_browser_still_needs_its_csrf_token(prober):
    prober.force_login(staff_user(StaffRole.FINANCE))
    response = post_file(prober)
    assert response.status_code == 403 and "CSRF" in response.json()["error"]


def test_the_api_and_the_back_office_form_share_one_size_cap(prober, client, monkeypatch):
    monkeypatch.setattr(bankfile, "MAX_BYTES", 1024)  # the one place the cap is held
    finance = staff_user(StaffRole.FINANCE)
    _token, key = ApiToken.issue(user=finance, name="bank robot")
    too_big = b"H017" + b" " * 2048
    response = post_file(prober, too_big, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 413 and response.json()["error"] == "檔案太大（上限 50 MB）。"
    client.force_login(finance)
    form = post_file_form(client, too_big)
    assert form.status_code == 400 and "檔案太大（上限 50 MB）。" in form.content.decode()
    assert not ImportBatch.objects.exists()


def post_file_form(client, content):
    return client.post("/backoffice/tools/payments/bank-files/", {"file": SimpleUploadedFile("c.txt", content)})
