"""Staff: role groups and their permissions, back-office access by role, TOTP login and enrolment."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.accounts.management.commands.staff_totp import current_code
from skillcert.accounts.models import StaffRole, User
from skillcert.accounts.roles import roles_setup, staff_create
from skillcert.accounts.services import candidate_create_from_group
from tests.accounts.helpers import login, make_candidate, post_with_captcha, text
from tests.factories import PASSWORD, staff_user

pytestmark = pytest.mark.django_db


def test_roles_setup_is_idempotent_and_gives_each_role_its_apps():
    first = roles_setup()
    assert roles_setup() == first
    officer = staff_user(StaffRole.ITEM_OFFICER)
    finance = staff_user(StaffRole.FINANCE)
    venue = staff_user(StaffRole.VENUE)
    reviewer = staff_user(StaffRole.REVIEWER)
    admin = staff_user(StaffRole.ADMIN)
    assert officer.has_perm("catalog.change_item") and officer.has_perm("registrations.change_registration")
    assert not finance.has_perm("catalog.change_item")
    assert finance.has_perm("registrations.view_registration") and not finance.has_perm(
        "registrations.delete_registration"
    )
    assert finance.has_perm("groups.view_organisation") and not finance.has_perm("groups.change_organisation")
    assert venue.has_perm("catalog.change_venue") and venue.has_perm("catalog.change_seatpool")
    assert venue.has_perm("catalog.view_item") and not venue.has_perm("catalog.change_item")
    assert venue.has_perm("examday.change_room") and venue.has_perm("examday.add_practicalbatch")
    assert officer.has_perm("examday.view_room") and not officer.has_perm("examday.change_room")
    assert not finance.has_perm("examday.view_room")
    assert not reviewer.has_perm("catalog.change_venue") and reviewer.has_perm("registrations.view_registration")
    assert admin.has_perm("core.view_auditentry") and admin.has_perm("accounts.change_user")


@pytest.mark.parametrize(
    ("role", "status"),
    [(StaffRole.ITEM_OFFICER, 200), (StaffRole.ADMIN, 200), (StaffRole.VENUE, 403), (StaffRole.FINANCE, 403)],
)
def test_back_office_user_list_by_role(client, role, status):
    roles_setup()
    client.force_login(staff_user(role))
    assert client.get("/backoffice/accounts/user/").status_code == status


def test_venue_staff_cannot_change_a_candidates_national_id(client):
    roles_setup()
    profile = make_candidate()
    client.force_login(staff_user(StaffRole.VENUE))
    assert client.get(f"/backoffice/accounts/candidateprofile/{profile.pk}/change/").status_code == 403


def test_candidates_and_coordinators_never_enter_the_back_office(client):
    for user in (
        make_candidate().user,
        User.objects.create(username="coord1", kind=User.Kind.COORDINATOR, is_staff=True),
    ):
        client.force_login(user)
        assert client.get("/backoffice/").url.startswith("/backoffice/login/")


def test_item_officer_corrects_a_national_id_and_it_is_audited(client):
    from skillcert.core.audit import history

    roles_setup()
    profile = make_candidate()
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    url = f"/backoffice/accounts/candidateprofile/{profile.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name_zh": profile.name_zh,
        "name_en": profile.name_en,
        "national_id": "A123456788",  # wrong checksum
        "birthday": "2003-04-05",
        "mobile": profile.mobile,
        "postal_address": profile.postal_address,
        "school_or_employer": "",
    }
    assert "檢查碼錯誤" in text(client.post(url, data))
    assert client.post(url, {**data, "national_id": "A123456789"}).status_code == 302
    profile.refresh_from_db()
    assert profile.national_id == "A123456789"
    assert history(profile).filter(action="backoffice.change").exists()


def test_staff_logs_in_with_password_and_a_real_totp_code(client, settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    roles_setup()
    staff = staff_user(StaffRole.FINANCE)
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    base = {"username": staff.username, "password": PASSWORD}
    wrong = "000000" if current_code(device) != "000000" else "111111"
    refused = post_with_captcha(client, "/backoffice/login/", {**base, "otp_token": wrong})
    assert refused.status_code == 200 and client.get("/backoffice/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure; a person would wait
    response = post_with_captcha(
        client,
        "/backoffice/login/?next=/backoffice/",
        {**base, "otp_token": current_code(device), "next": "/backoffice/"},
    )
    assert response.status_code == 302
    assert client.get("/backoffice/").status_code == 200


def test_password_alone_is_not_enough_when_otp_is_required(client, settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    staff = staff_user(StaffRole.ADMIN)
    assert login(client, staff.username).url == "/accounts/staff/two-factor/"
    assert client.get("/backoffice/").url.startswith("/backoffice/login/")


def test_staff_enrols_a_totp_device_with_a_qr_code(client, settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    roles_setup()
    staff = staff_user(StaffRole.REVIEWER)
    client.force_login(staff)
    page = text(client.get("/accounts/staff/two-factor/"))
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post("/accounts/staff/two-factor/", {"token": current_code(device)})
    assert response.url == "/backoffice/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/backoffice/").status_code == 200
    assert "已設定驗證器" in text(client.get("/accounts/staff/two-factor/"))


def test_a_wrong_enrolment_code_is_explained(client):
    staff = staff_user()
    client.force_login(staff)
    client.get("/accounts/staff/two-factor/")
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    assert "驗證碼錯誤或已過期" in text(client.post("/accounts/staff/two-factor/", {"token": wrong}))
    device.refresh_from_db()
    assert not device.confirmed


def test_candidates_cannot_enrol_totp(client):
    client.force_login(make_candidate().user)
    assert client.get("/accounts/staff/two-factor/").status_code == 403


def test_staff_create_makes_back_office_accounts():
    roles_setup()
    user = staff_create(username="officer9", password="Strong7Password9", roles=[StaffRole.FINANCE.value])
    assert (user.kind, user.is_staff) == (User.Kind.STAFF, True)
    assert user.has_role(StaffRole.FINANCE) and not user.has_role(StaffRole.REVIEWER)


def test_demo_accounts_are_idempotent_and_printed(capsys):
    call_command("demo_accounts")
    first = capsys.readouterr().out
    call_command("demo_accounts")
    assert capsys.readouterr().out == first
    assert "demo / Demo2026Password" in first and "TOTP secret" in first
    assert User.objects.filter(kind=User.Kind.STAFF).count() == len(StaffRole)
    assert User.objects.get(username="demofinance").has_role(StaffRole.FINANCE)


def test_group_upload_reuses_an_existing_candidate_unchanged():
    existing = make_candidate(name_zh="原本的名字")
    again = candidate_create_from_group(
        national_id=existing.national_id.lower(), name_zh="別的名字", email="x@example.com"
    )
    assert again.pk == existing.pk
    again.refresh_from_db()
    assert again.name_zh == "原本的名字"


def test_group_upload_refuses_a_wrong_checksum():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        candidate_create_from_group(national_id="A123456788", name_zh="某人")


def test_a_staff_session_has_no_role_until_it_passed_totp(settings):
    settings.BACKOFFICE_REQUIRE_OTP = True
    roles_setup()
    staff = staff_user(StaffRole.FINANCE)
    staff.is_verified = lambda: False  # what django-otp's middleware attaches to a password-only session
    assert not staff.has_role(StaffRole.FINANCE)
    staff.is_verified = lambda: True
    assert staff.has_role(StaffRole.FINANCE) and not staff.has_role(StaffRole.REVIEWER)
    del staff.is_verified  # an API-token user: the token is the credential
    assert staff.has_role(StaffRole.FINANCE)
    settings.BACKOFFICE_REQUIRE_OTP = False
    staff.is_verified = lambda: False
    assert staff.has_role(StaffRole.FINANCE)


def test_back_office_login_page_asks_for_the_code_and_links_to_enrolment(client):
    body = text(client.get("/backoffice/login/"))
    assert 'name="otp_token"' in body and 'name="captcha_1"' in body and "/accounts/staff/two-factor/" in body
    assert 'name="otp_device"' not in body
