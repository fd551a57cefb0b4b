import re

import pytest

from skillcert.accounts import selectors
from skillcert.accounts.services import candidate_create_from_group
from skillcert.core import clock
from skillcert.notifications.models import SmsMessage
from tests.accounts.helpers import login, post_with_captcha, text
from tests.accounts.helpers import make_candidate as CandidateFactory  # noqa: N813
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TEMP_RE = re.compile(r"臨時密碼：(\w{12})")


def recover(client, **data):
    return post_with_captcha(client, "/accounts/recover/", {"channel": "email", **data})


def by_email(candidate, **changes):
    return {
        "national_id": candidate.national_id,
        "name_zh": candidate.name_zh,
        "email": candidate.user.email,
        **changes,
    }


def test_recovery_by_email_sends_account_and_temporary_password(client, mailoutbox, django_capture_on_commit_callbacks):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = recover(client, **by_email(candidate))
    assert response.url == "/accounts/recover/sent/"
    [message] = mailoutbox
    assert message.to == [candidate.user.email]
    assert candidate.user.username in message.body
    assert "Temporary password" in message.body and "臨時密碼" in message.subject
    assert "您原本的密碼仍然有效" in message.body and "existing password still works" in message.body
    temporary = TEMP_RE.search(message.body).group(1)
    assert login(client, candidate.user.username, temporary).url == "/accounts/password/change-required/"


def test_recovery_does_not_replace_the_owners_password(client, django_capture_on_commit_callbacks):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        recover(client, **by_email(candidate))
    assert login(client, candidate.user.username, PASSWORD).url == "/portal/"


def test_matching_and_non_matching_requests_get_identical_answers(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        matched = recover(client, **by_email(candidate))
        unmatched = recover(client, **by_email(candidate, name_zh="陳大文"))
        unknown_id = recover(client, **by_email(candidate, national_id="A223456781"))
    assert len(mailoutbox) == 1
    assert matched.status_code == unmatched.status_code == unknown_id.status_code == 302
    assert matched.content == unmatched.content == unknown_id.content
    assert matched.url == unmatched.url == unknown_id.url
    page = client.get(matched.url)
    assert "若您輸入的資料與系統紀錄相符" in text(page)


def test_recovery_by_sms_is_recorded_by_the_sms_backend(client, mailoutbox, django_capture_on_commit_callbacks):
    candidate = CandidateFactory(mobile="0922333444")
    with django_capture_on_commit_callbacks(execute=True):
        response = recover(
            client, channel="sms", national_id=candidate.national_id, name_zh=candidate.name_zh, mobile="0922-333-444"
        )
    assert response.url == "/accounts/recover/sent/"
    [sms] = SmsMessage.objects.all()
    assert sms.to == "0922333444" and sms.delivered
    assert candidate.user.username in sms.body and "臨時密碼" in sms.body
    assert not mailoutbox


def test_sms_recovery_needs_the_national_id_and_a_mobile_number(client):
    response = recover(client, channel="sms", name_zh="王小明", mobile="12345")
    body = text(response)
    assert "以簡訊查詢時，請輸入身分證字號或居留證號。" in body
    assert "手機號碼請輸入 09 開頭的 10 位數字" in body


def test_recovery_with_a_wrong_captcha_sends_nothing(client, mailoutbox, django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_with_captcha(
            client, "/accounts/recover/", {"channel": "email", **by_email(candidate)}, wrong_captcha=True
        )
    assert "驗證碼錯誤" in text(response) and not mailoutbox


def test_group_candidate_first_login_with_email_and_chinese_name(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Login guide 團報單位考生第一次登入: e-mail + Chinese name → temporary password →
    new password → their own account name → 考生基本資料維護 to confirm and complete the data."""
    profile = candidate_create_from_group(
        national_id="A223456781", name_zh="陳小華", email="hua@example.com", mobile="0933444555"
    )
    assert not profile.user.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        recover(client, name_zh="陳小華", email="HUA@example.com")
    body = mailoutbox[0].body
    assert "原本的密碼仍然有效" not in body and "existing password still works" not in body
    assert "設定您自己的帳號" in body
    temporary = TEMP_RE.search(body).group(1)
    username = profile.user.username
    assert login(client, username, temporary).url == "/accounts/password/change-required/"
    response = client.post(
        "/accounts/password/change-required/",
        {"new_password1": "Fresh8Meadow31", "new_password2": "Fresh8Meadow31"},
    )
    assert response.url == "/accounts/account-name/"
    assert username in text(client.get("/accounts/account-name/"))
    assert client.post("/accounts/account-name/", {"username": "chenhua2026"}).url == "/accounts/profile/"
    page = text(client.get("/accounts/profile/"))
    assert "請確認並補齊您的基本資料" in page and "A223456781" in page
    response = client.post(
        "/accounts/profile/",
        {
            "name_zh": "陳小華",
            "name_en": "chen xiao hua",
            "birthday": "2004-01-02",
            "mobile": "0933444555",
            "email": "hua@example.com",
            "postal_address": "臺北市大安區忠孝東路三段1號",
        },
    )
    assert response.url == "/accounts/profile/"
    profile.refresh_from_db()
    assert profile.profile_confirmed_at is not None and profile.name_en == "CHEN XIAO HUA"


def test_without_national_id_only_an_unconfirmed_group_candidate_matches(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        recover(client, name_zh=candidate.name_zh, email=candidate.user.email)
    assert not mailoutbox


def test_one_person_gets_at_most_three_recovery_messages_an_hour(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [recover(client, **by_email(candidate), REMOTE_ADDR=f"198.51.100.{i}") for i in range(5)]
    assert len(mailoutbox) == 3
    assert {a.url for a in answers} == {"/accounts/recover/sent/"}


def test_recovery_is_rate_limited_per_address(client):
    for _ in range(10):
        client.post("/accounts/recover/", {})
    assert client.post("/accounts/recover/", {}).status_code == 429


def test_email_lookup_shows_the_masked_address_after_proving_the_account(client):
    candidate = CandidateFactory()
    candidate.user.email = "abcdef@example.com"
    candidate.user.save()
    data = {"username": candidate.user.username, "national_id": candidate.national_id, "name_zh": candidate.name_zh}
    body = text(post_with_captcha(client, "/accounts/email-lookup/", data))
    assert "ab***@example.com" in body and "abcdef@" not in body
    body = text(post_with_captcha(client, "/accounts/email-lookup/", {**data, "name_zh": "別人"}))
    assert "查無相符的資料" in body and "example.com" not in body


def test_email_lookup_is_limited_per_address_and_account(client):
    candidate = CandidateFactory()
    data = {"username": candidate.user.username, "national_id": candidate.national_id, "name_zh": "猜猜看"}
    for _ in range(5):
        assert post_with_captcha(client, "/accounts/email-lookup/", data).status_code == 200
    assert post_with_captcha(client, "/accounts/email-lookup/", data).status_code == 429


@pytest.mark.parametrize(
    ("email", "masked"),
    [("abcdef@example.com", "ab***@example.com"), ("ab@x.tw", "a***@x.tw"), ("a@x.tw", "a***@x.tw"), ("", "")],
)
def test_mask_email(email, masked):
    assert selectors.mask_email(email) == masked
