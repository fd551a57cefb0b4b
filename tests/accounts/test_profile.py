import pytest

from skillcert.accounts.models import CandidateProfile, User
from skillcert.core import clock
from skillcert.core.audit import history
from tests.accounts.helpers import make_candidate, text
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def form_data(profile, **changes):
    return {
        "name_zh": profile.name_zh,
        "name_en": profile.name_en,
        "birthday": "2003-04-05",
        "mobile": profile.mobile,
        "email": profile.user.email,
        "postal_address": profile.postal_address,
        "school_or_employer": "",
        **changes,
    }


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get("/accounts/profile/").url == "/accounts/login/?next=/accounts/profile/"


@pytest.mark.parametrize("kind", ["staff", "coordinator"])
def test_accounts_that_are_not_candidates_are_refused(client, kind):
    user = staff_user() if kind == "staff" else UserFactory(kind=User.Kind.COORDINATOR)
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 403
    assert client.post("/accounts/profile/", {}).status_code == 403


def test_a_candidate_sees_only_their_own_data(client):
    owner = make_candidate(name_zh="張三豐", profile_confirmed_at=clock.now())
    other = make_candidate(name_zh="李四光", profile_confirmed_at=clock.now())
    client.force_login(other.user)
    body = text(client.get("/accounts/profile/"))
    assert "李四光" in body and other.national_id in body
    assert "張三豐" not in body and owner.national_id not in body
    client.post("/accounts/profile/", form_data(other, name_zh="李四光二"))
    owner.refresh_from_db()
    assert owner.name_zh == "張三豐"


def test_candidate_edits_what_the_brochure_allows(client):
    profile = make_candidate(profile_confirmed_at=clock.now())
    client.force_login(profile.user)
    response = client.post(
        "/accounts/profile/",
        form_data(
            profile,
            name_zh="王大明",
            name_en="wang da ming",
            mobile="0988 777 666",
            email="new@example.com",
            moea_training_recent="on",
            moea_training_certificate_on=str(clock.today()),
            national_id="A123456789",  # not a field of this form: ignored
        ),
    )
    assert response.url == "/accounts/profile/"
    profile.refresh_from_db()
    assert (profile.name_zh, profile.name_en, profile.mobile) == ("王大明", "WANG DA MING", "0988777666")
    assert profile.user.email == "new@example.com" and profile.moea_training_recent
    assert profile.national_id != "A123456789"
    [entry] = [e for e in history(profile) if e.action == "accounts.profile_updated"]
    assert entry.data["changed"]["name_zh"] == [
        profile.name_zh.replace("王大明", entry.data["changed"]["name_zh"][0]),
        "王大明",
    ]
    assert "基本資料已儲存" in text(client.get("/accounts/profile/"))


def test_bad_input_is_explained_and_nothing_saved_is_lost(client):
    profile = make_candidate(profile_confirmed_at=clock.now())
    before = CandidateProfile.objects.get(pk=profile.pk)
    client.force_login(profile.user)
    response = client.post(
        "/accounts/profile/", form_data(profile, mobile="12345", postal_address="臺中市西屯區新地址 8 號")
    )
    body = text(response)
    assert response.status_code == 200
    assert "手機號碼請輸入 09 開頭的 10 位數字" in body
    assert "臺中市西屯區新地址 8 號" in body  # what was typed is still in the form
    profile.refresh_from_db()
    assert profile.mobile == before.mobile and profile.postal_address == before.postal_address


def test_account_name_and_national_id_are_shown_but_not_editable(client):
    profile = make_candidate(profile_confirmed_at=clock.now())
    client.force_login(profile.user)
    body = text(client.get("/accounts/profile/"))
    assert profile.national_id in body and profile.user.username in body
    assert 'name="national_id"' not in body and 'name="username"' not in body


def test_details_are_read_only_between_the_registration_deadline_and_the_exam(client, frozen_now):
    """Brochure 115 §3.2 item 3: editable until the registration deadline, then only viewable."""
    import datetime as dt

    from tests.registrations.factories import register

    profile = make_candidate(profile_confirmed_at=clock.now())
    registration = register(candidate=profile)
    client.force_login(profile.user)
    assert 'type="submit">儲存</button>' in text(client.get("/accounts/profile/"))

    frozen_now(registration.session.registration_closes + dt.timedelta(minutes=1))
    body = text(client.get("/accounts/profile/"))
    assert "考試結束前基本資料僅供瀏覽" in body and 'type="submit">儲存</button>' not in body
    client.post("/accounts/profile/", form_data(profile, name_zh="改不了"))
    profile.refresh_from_db()
    assert profile.name_zh != "改不了"

    frozen_now(clock.at(registration.session.exam_date + dt.timedelta(days=1), 9))
    assert "考試結束前基本資料僅供瀏覽" not in text(client.get("/accounts/profile/"))
