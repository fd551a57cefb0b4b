import pytest

from skillcert.accounts.consent import CONSENT_VERSION
from skillcert.accounts.models import CandidateProfile, User
from skillcert.core.audit import history
from tests.accounts.helpers import DETAILS, START, login, post_with_captcha, text
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def start(client, **changes):
    return post_with_captcha(client, "/accounts/signup/", {**START, **changes})


def consent(client):
    return client.post("/accounts/signup/consent/", {"agree": "on"})


def test_first_visit_goes_through_consent_to_a_working_account(client, mailoutbox, django_capture_on_commit_callbacks):
    assert start(client).url == "/accounts/signup/consent/"
    notice = text(client.get("/accounts/signup/consent/"))
    for item in [
        "蒐集者名稱",
        "蒐集之目的",
        "個人資料之類別",
        "利用之期間、地區、對象及方式",
        "第 3 條",
        "不提供個人資料之影響",
    ]:
        assert item in notice
    assert consent(client).url == "/accounts/signup/details/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/details/", DETAILS)
    assert response.url == "/accounts/login/"

    profile = CandidateProfile.objects.get(user__username="meiling2026")
    assert profile.consent_version == CONSENT_VERSION and profile.consent_at is not None
    assert profile.name_en == "LIN MEI LING"
    assert profile.mobile == "0912345678"
    assert profile.moea_training_recent is True
    assert profile.user.email == "meiling@example.com" and profile.user.kind == User.Kind.CANDIDATE
    assert [e.action for e in history(profile)] == ["accounts.signup"]
    assert len(mailoutbox) == 1 and "meiling2026" in mailoutbox[0].body
    assert "帳號註冊完成" in mailoutbox[0].subject and "Your account is ready" in mailoutbox[0].subject
    assert login(client, "meiling2026", "Blue7Harbour42x").url == "/portal/"


def test_details_cannot_be_reached_without_consent(client):
    start(client)
    assert client.get("/accounts/signup/details/").url == "/accounts/signup/consent/"
    response = client.post("/accounts/signup/consent/", {})
    assert "須勾選同意，才能繼續註冊。" in text(response)
    assert client.get("/accounts/signup/details/").url == "/accounts/signup/consent/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "王小明abc"}, "帳號只能使用英文字母與數字，不可使用全形符號或中文字。"),
        ({"username": "ａｂｃ123"}, "帳號只能使用英文字母與數字"),
        ({"username": "a" * 31}, "帳號最多 30 個字元。"),
        ({"username": "A123456789"}, "帳號不可使用身分證字號或居留證號。"),
        ({"password": "Ab1", "password_again": "Ab1"}, "密碼太短，必須至少 12 個字元。"),
        ({"password": "abcdefghijklmn", "password_again": "abcdefghijklmn"}, "密碼須同時包含英文字母與數字。"),
        ({"password": "password1234", "password_again": "password1234"}, "這個密碼太常見了。"),
        ({"password_again": "Different7Pass99"}, "兩次輸入的密碼不一致。"),
    ],
)
def test_bad_account_or_password_gets_a_clear_message_and_keeps_the_input(client, changes, message):
    response = start(client, **changes)
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert "林美玲" in body  # the Chinese name typed is still there
    assert client.get("/accounts/signup/consent/").url == "/accounts/signup/"


def test_wrong_captcha_is_refused(client):
    response = post_with_captcha(client, "/accounts/signup/", START, wrong_captcha=True)
    assert "驗證碼錯誤，請重新輸入圖片中的數字。" in text(response)
    assert "meiling2026" in text(response)


def test_a_31_character_account_is_refused_by_the_model_too():
    user = User(username="b" * 31, email="x@example.com")
    with pytest.raises(Exception, match="30"):
        user.full_clean(exclude=["password"])


def test_taken_account_name_gets_an_answer_that_does_not_say_why(client):
    UserFactory(username="meiling2026")
    response = start(client)
    assert "此帳號與姓名組合無法使用。如曾經報名過或由團報進行過報名，請使用「查詢帳號/密碼」。" in text(response)
    response = start(client, username="MEILING2026")
    assert "此帳號與姓名組合無法使用" in text(response)


def test_wrong_national_id_checksum_keeps_everything_typed(client):
    start(client)
    consent(client)
    response = client.post("/accounts/signup/details/", {**DETAILS, "national_id": "A123456788"})
    body = text(response)
    assert "身分證字號或居留證號格式或檢查碼錯誤" in body
    assert "新竹縣竹東鎮中興路四段195號" in body and "meiling@example.com" in body
    assert not User.objects.filter(username="meiling2026").exists()
    fixed = client.post("/accounts/signup/details/", {**DETAILS, "national_id": "A800000014"})
    assert fixed.url == "/accounts/login/"
    assert CandidateProfile.objects.get(user__username="meiling2026").national_id == "A800000014"


def test_old_resident_certificate_is_accepted(client):
    start(client)
    consent(client)
    assert client.post("/accounts/signup/details/", {**DETAILS, "national_id": "ac01234567"}).url == "/accounts/login/"
    assert CandidateProfile.objects.get().national_id == "AC01234567"


def test_national_id_already_registered_is_refused_without_saying_so(client):
    CandidateFactory(national_id="A123456789")
    start(client)
    consent(client)
    response = client.post("/accounts/signup/details/", DETAILS)
    assert "此帳號與姓名組合無法使用" in text(response)
    assert not User.objects.filter(username="meiling2026").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mobile": "02-12345678"}, "手機號碼請輸入 09 開頭的 10 位數字"),
        ({"name_en": "林美玲"}, "英文姓名請使用英文字母（大寫）"),
        ({"email": "not-an-email"}, "有效"),
        ({"birthday": "2999-01-01"}, "出生日期不正確。"),
    ],
)
def test_bad_personal_data_is_explained(client, changes, message):
    start(client)
    consent(client)
    response = client.post("/accounts/signup/details/", {**DETAILS, **changes})
    assert message in text(response)
    assert not User.objects.filter(username="meiling2026").exists()


def test_signup_is_rate_limited_per_address(client):
    for _ in range(20):
        client.post("/accounts/signup/", {})
    assert client.post("/accounts/signup/", {}).status_code == 429
