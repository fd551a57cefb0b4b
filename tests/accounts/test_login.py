import datetime as dt

import pytest

from skillcert.accounts import services
from skillcert.accounts.models import User
from skillcert.core import clock
from tests.accounts.helpers import login, post_with_captcha, text
from tests.factories import PASSWORD, CandidateFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db
WRONG = "帳號或密碼錯誤。"


def test_candidate_logs_in_with_password_and_captcha(client):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    response = login(client, candidate.user.username)
    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_login_page_shows_the_captcha_image_and_the_links_of_the_login_guide(client):
    body = text(client.get("/accounts/login/"))
    assert 'class="captcha"' in body and "/captcha/image/" in body
    for link in ["查詢帳號/密碼", "查詢信箱", "第一次登入（註冊）"]:
        assert link in body


def test_wrong_captcha_refuses_even_the_right_password(client):
    candidate = CandidateFactory()
    response = login(client, candidate.user.username, wrong_captcha=True)
    assert "驗證碼錯誤，請重新輸入圖片中的數字。" in text(response)
    assert "_auth_user_id" not in client.session


def test_missing_captcha_is_refused(client):
    candidate = CandidateFactory()
    response = client.post("/accounts/login/", {"username": candidate.user.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_wrong_password_and_unknown_account_get_the_same_message(client):
    candidate = CandidateFactory()
    known = text(login(client, candidate.user.username, "Wrong4Password9"))
    unknown = text(login(client, "nobody12345", "Wrong4Password9"))
    assert WRONG in known and WRONG in unknown


def test_failed_logins_lock_that_address_out_of_that_account_only(client):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    for _ in range(5):
        assert WRONG in text(login(client, candidate.user.username, "Wrong4Password9"))
    locked = login(client, candidate.user.username)  # even the right password now waits
    assert "嘗試次數過多" in text(locked) and "_auth_user_id" not in client.session
    # The owner, from their own address, is not locked out by someone else's attempts.
    assert login(client, candidate.user.username, REMOTE_ADDR="203.0.113.9").url == "/portal/"


def test_lockout_does_not_reveal_whether_the_account_exists(client):
    for _ in range(5):
        login(client, "nobody12345", "Wrong4Password9")
    assert "嘗試次數過多" in text(login(client, "nobody12345", "Wrong4Password9"))


def test_too_many_attempts_from_one_address_are_refused(client):
    for _ in range(30):
        client.post("/accounts/login/", {"username": "x", "password": "y"})
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429 and "嘗試次數過多" in text(response)


def test_logout_needs_a_post(client):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").url == "/"
    assert "_auth_user_id" not in client.session


def test_temporary_password_logs_in_and_forces_a_change(client, monkeypatch):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    user = candidate.user
    temporary = issue(user, monkeypatch)
    assert login(client, user.username, temporary).url == "/accounts/password/change-required/"
    assert client.get("/portal/").url == "/accounts/password/change-required/"
    response = client.post(
        "/accounts/password/change-required/", {"new_password1": "Short1", "new_password2": "Short1"}
    )
    assert "密碼太短，必須至少 12 個字元。" in text(response)
    response = client.post(
        "/accounts/password/change-required/",
        {"new_password1": "Fresh8Meadow31", "new_password2": "Fresh8Meadow31"},
    )
    assert response.url == "/portal/"
    user.refresh_from_db()
    assert not user.must_change_password and user.temporary_password == ""
    client.logout()
    assert WRONG in text(login(client, user.username, temporary))  # used up
    assert login(client, user.username, "Fresh8Meadow31").url == "/portal/"


def issue(user, monkeypatch) -> str:
    monkeypatch.setattr(services, "_new_temporary_password", lambda: "Temp2026abcd")
    services.temporary_password_issue(user=user, channel="email")
    return "Temp2026abcd"


def test_expired_temporary_password_gets_a_clear_message_and_the_old_password_still_works(
    client, monkeypatch, frozen_now
):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    frozen_now(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    temporary = issue(candidate.user, monkeypatch)
    frozen_now(dt.datetime(2026, 5, 2, 9, 1, tzinfo=dt.UTC))  # 24 h and a minute later
    response = login(client, candidate.user.username, temporary)
    assert "此臨時密碼已逾期（有效期限 24 小時），請重新使用「查詢帳號/密碼」取得新的臨時密碼。" in text(response)
    assert "_auth_user_id" not in client.session
    assert login(client, candidate.user.username).url == "/portal/"  # nothing the owner had is lost


def test_logging_in_with_the_own_password_voids_a_temporary_one(client, monkeypatch):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    temporary = issue(candidate.user, monkeypatch)
    login(client, candidate.user.username)
    client.post("/accounts/logout/")
    assert WRONG in text(login(client, candidate.user.username, temporary))


def test_voluntary_password_change_needs_the_current_password(client):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    client.force_login(candidate.user)
    response = client.post(
        "/accounts/password/",
        {"old_password": "Nope1234nope", "new_password1": "Fresh8Meadow31", "new_password2": "Fresh8Meadow31"},
    )
    assert response.status_code == 200
    candidate.user.refresh_from_db()
    assert candidate.user.check_password(PASSWORD)


def test_staff_without_a_device_is_sent_to_enrol_one(client):
    staff = staff_user()
    assert login(client, staff.username).url == "/accounts/staff/two-factor/"


def test_coordinator_lands_on_the_group_portal(client):
    user = UserFactory(kind=User.Kind.COORDINATOR)
    assert login(client, user.username).url == "/group/"


def test_next_parameter_only_to_this_site(client):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    page = client.get("/accounts/login/?next=https://evil.example/")
    from tests.accounts.helpers import captcha

    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": candidate.user.username, "password": PASSWORD, "next": "https://evil.example/", **captcha(page)},
    )
    assert response.url == "/portal/"
    client.logout()
    response = post_with_captcha(
        client,
        "/accounts/login/",
        {"username": candidate.user.username, "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response.url == "/accounts/profile/"
