"""A group-created candidate chooses their own account name once, after the first login."""

import pytest

from skillcert.accounts.models import User
from skillcert.accounts.services import AccountNameRefused, candidate_create_from_group, user_account_name_choose
from skillcert.core import clock
from skillcert.core.audit import history
from tests.accounts.helpers import login, make_candidate, text
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/account-name/"


def group_candidate(national_id="A223456781"):
    profile = candidate_create_from_group(national_id=national_id, name_zh="陳小華", email="hua@example.com")
    profile.user.set_password(PASSWORD)
    profile.user.save()
    return profile.user


def test_a_group_candidate_is_sent_to_choose_a_name_and_logs_in_with_it(client):
    user = group_candidate()
    generated = user.username
    assert user.must_choose_username
    assert login(client, generated, PASSWORD).url == URL
    assert generated in text(client.get(URL))
    assert client.post(URL, {"username": "chenhua2026"}).url == "/accounts/profile/"
    user.refresh_from_db()
    assert (user.username, user.must_choose_username) == ("chenhua2026", False)
    assert history(user).filter(action="accounts.username_chosen").exists()
    assert client.get(URL).url == "/accounts/profile/"  # once only
    client.logout()
    assert login(client, "chenhua2026", PASSWORD).url == "/accounts/profile/"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("王小明", "帳號只能使用英文字母與數字"),
        ("a" * 31, "帳號最多 30 個字元"),
        ("A223456781", "帳號不可使用身分證字號"),
        ("TAKEN1", "此帳號已有人使用"),  # case-insensitive, like sign-up
    ],
)
def test_the_login_guides_rules_apply_and_the_page_keeps_the_generated_name(client, typed, message):
    UserFactory(username="taken1")
    user = group_candidate()
    client.force_login(user)
    response = client.post(URL, {"username": typed})
    assert response.status_code == 200 and message in text(response)
    user.refresh_from_db()
    assert user.must_choose_username and user.username.startswith("g")


def test_the_service_refuses_a_second_choice_and_other_accounts():
    user = group_candidate()
    user_account_name_choose(user=user, username="first2026")
    with pytest.raises(AccountNameRefused):
        user_account_name_choose(user=user, username="second2026")
    with pytest.raises(AccountNameRefused):
        user_account_name_choose(user=make_candidate().user, username="another2026")


def test_candidates_who_signed_up_themselves_and_anonymous_visitors_cannot_rename(client):
    own = make_candidate(profile_confirmed_at=clock.now())
    client.force_login(own.user)
    assert client.post(URL, {"username": "renamed2026"}).url == "/portal/"
    own.user.refresh_from_db()
    assert own.user.username != "renamed2026"
    client.logout()
    assert client.get(URL).url.startswith("/accounts/login/")
    assert not User.objects.filter(username="renamed2026").exists()
