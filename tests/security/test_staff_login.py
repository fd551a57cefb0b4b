"""Issue 14 §2 / issue 15: the back-office login was an unthrottled password oracle. A prober
posts to /backoffice/login/ as the old django-otp form took it (no captcha, device chosen in the
form); a right password without the code answered "Please enter your OTP token". Now staff log
in in one step (account, password, their own device's code, captcha), through the candidates'
throttles, with one answer for every failure."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.accounts import throttle
from skillcert.accounts.management.commands.staff_totp import current_code
from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from tests.accounts.helpers import captcha, login, post_with_captcha, text
from tests.factories import PASSWORD, staff_user

pytestmark = pytest.mark.django_db
URL = "/backoffice/login/"
ONE_ANSWER = "帳號、密碼或驗證碼錯誤，或此帳號不能登入後台。"


@pytest.fixture
def officer(settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    roles_setup()
    user = staff_user(StaffRole.FINANCE)
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def answer(response) -> str:
    """The page without what changes on every load (CSRF token, captcha key and picture) and
    without what the prober typed (account name, code)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
    body = re.sub(r'(name="(?:username|otp_token)") value="[^"]*"', r"\1", body)
    return re.sub(r"[0-9a-f]{40}", "KEY", body)


def test_every_failure_gets_one_answer_that_names_no_device(client, officer):
    user, device = officer
    attempts = {
        "wrong password": {"username": user.username, "password": "Wrong4Horse9", "otp_token": current_code(device)},
        "right password, no code": {"username": user.username, "password": PASSWORD, "otp_token": ""},
        "right password, wrong code": {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": wrong_code(device),
        },
        "no such account": {"username": "nobody", "password": PASSWORD, "otp_token": "123456"},
    }
    pages = {}
    for name, data in attempts.items():
        response = post_with_captcha(client, URL, data)
        assert response.status_code == 200, name
        assert not re.search(r'name="otp_token"[^>]* value=', text(response)), name  # no code shown back
        device.refresh_from_db()
        device.throttle_reset()
        pages[name] = answer(response)
    assert all(ONE_ANSWER in page for page in pages.values())
    assert len(set(pages.values())) == 1  # byte for byte the same page
    page = pages["right password, no code"]
    assert "OTP" not in page and "phone" not in page and 'name="otp_device"' not in page
    assert client.get("/backoffice/").status_code == 302  # nobody got in


def test_the_answer_is_english_on_english_pages(client, officer):
    user, _device = officer
    client.cookies["django_language"] = "en"
    response = post_with_captcha(client, URL, {"username": user.username, "password": PASSWORD, "otp_token": ""})
    assert "Incorrect account, password or code" in text(response) and ONE_ANSWER not in text(response)


def test_the_old_form_without_a_captcha_is_refused_even_with_the_right_password_and_code(client, officer):
    user, device = officer
    response = client.post(
        URL,
        {"username": user.username, "password": PASSWORD, "otp_device": device.persistent_id,
         "otp_token": current_code(device)},
    )  # fmt: skip
    assert response.status_code == 200 and client.get("/backoffice/").status_code == 302


def test_password_and_code_in_one_step_open_the_back_office(client, officer):
    user, device = officer
    response = post_with_captcha(
        client, URL + "?next=/backoffice/", {"username": user.username, "password": PASSWORD,
                                              "otp_token": current_code(device), "next": "/backoffice/"}
    )  # fmt: skip
    assert response.status_code == 302 and response.url == "/backoffice/"
    assert client.get("/backoffice/").status_code == 200


def test_guessing_one_account_locks_that_address_out_of_it_whatever_is_typed_next(client, officer):
    user, device = officer
    limit = int(throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT.rate.split("/")[0])
    for n in range(limit):
        post_with_captcha(client, URL, {"username": user.username, "password": f"Guess{n}x9", "otp_token": "000000"})
    device.refresh_from_db()
    device.throttle_reset()
    locked = post_with_captcha(
        client, URL, {"username": user.username, "password": PASSWORD, "otp_token": current_code(device)}
    )
    assert "嘗試次數過多" in text(locked) and client.get("/backoffice/").status_code == 302


def test_failures_at_the_candidate_login_count_against_the_same_staff_account(client, officer):
    user, device = officer
    limit = int(throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT.rate.split("/")[0])
    for n in range(limit):
        login(client, user.username, f"Guess{n}x9")
    locked = post_with_captcha(
        client, URL, {"username": user.username, "password": PASSWORD, "otp_token": current_code(device)}
    )
    assert "嘗試次數過多" in text(locked)


def test_one_address_gets_a_limited_number_of_attempts(client, officer):
    user, _device = officer
    limit = int(throttle.LOGIN_PER_IP.rate.split("/")[0])
    statuses = [client.post(URL, {"username": f"x{n}", "password": "y"}).status_code for n in range(limit + 1)]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429


def test_a_staff_member_without_a_device_still_reaches_enrolment(client, settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    user = staff_user(StaffRole.REVIEWER)
    response = post_with_captcha(client, URL, {"username": user.username, "password": PASSWORD, "otp_token": ""})
    assert response.url == "/accounts/staff/two-factor/"
    assert client.get("/backoffice/").status_code == 302  # no code checked yet: no back office


def test_a_candidate_with_a_right_password_gets_the_same_answer(client, officer):
    from tests.accounts.helpers import make_candidate

    candidate = make_candidate().user
    page = client.get(URL)
    response = client.post(URL, {"username": candidate.username, "password": PASSWORD, **captcha(page)})
    assert ONE_ANSWER in text(response) and "_auth_user_id" not in client.session
