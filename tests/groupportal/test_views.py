import io

import pytest
from openpyxl import load_workbook

from skillcert.accounts.models import StaffRole
from skillcert.core.pdf import pdf_text
from skillcert.groups.models import Coordinator, GroupSitting, Invoice
from skillcert.registrations.models import Registration, RegistrationStatus
from tests.accounts.helpers import captcha
from tests.factories import make_session, staff_user
from tests.groups.factories import (
    candidate_row,
    csv_file,
    group_session,
    make_coordinator,
    make_sitting,
    rows_for,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

SIGNUP = {
    "account-username": "ntutgroup", "account-password": "Group2026Coordinator", "account-password_again":
    "Group2026Coordinator", "account-name": "周芷蔚", "account-phone": "02-27712171", "account-email": "c@ntut.example",
    "org-group_code": "ntut", "org-name": "國立臺北科技大學", "org-kind": "school", "org-business_number": "04595257",
    "org-invoice_title": "國立臺北科技大學", "org-address": "臺北市大安區忠孝東路三段1號",
    "org-recognition_signed_on": "2025-09-01",
}  # fmt: skip


def signup(client, **changes):
    page = client.get("/group/signup/")
    return client.post("/group/signup/", {**SIGNUP, **changes, **captcha(page)})


def test_sign_up_logs_the_coordinator_in_awaiting_verification(client):
    response = signup(client)
    assert response.status_code == 302
    coordinator = Coordinator.objects.get(user__username="ntutgroup")
    assert coordinator.organisation.group_code == "NTUT" and coordinator.verified_at is None
    home = client.get("/group/").content.decode()
    assert "待執行單位認證" in home and "國立臺北科技大學" in home


def test_sign_up_with_a_bad_business_number_keeps_what_was_typed(client):
    response = signup(client, **{"org-business_number": "04595258"})
    body = response.content.decode()
    assert response.status_code == 200 and "檢查碼" in body
    assert 'value="國立臺北科技大學"' in body
    assert not Coordinator.objects.exists()


def test_staff_verify_then_the_coordinator_registers_a_sitting_and_sees_the_code(client):
    client_signup = signup(client)
    assert client_signup.status_code == 302
    coordinator = Coordinator.objects.get()
    session = group_session()
    assert client.post("/group/sittings/register/", {"session": session.pk}).status_code == 302
    assert not GroupSitting.objects.exists()  # unverified: refused
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    client.post(f"/backoffice/tools/groups/coordinators/{coordinator.pk}/verify/")
    client.force_login(coordinator.user)
    response = client.post("/group/sittings/register/", {"session": session.pk}, follow=True)
    sitting = GroupSitting.objects.get()
    assert sitting.discount_code in response.content.decode()


def test_upload_page_reports_each_row(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    upload = xlsx_file(rows_for(5, bad={2: {"national_id": "A123456788"}}))
    body = client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": upload}).content.decode()
    assert "受理 4、已報名未變更 0、退回 1" in body
    assert "身分證字號或居留證號格式或檢查碼錯誤" in body
    dashboard = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert "NT$ 4,800" in dashboard and "156-005-00002-5" in dashboard and dashboard.count("待繳費") >= 4


def test_exports_neutralise_formulas_in_names(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    evil = '=HYPERLINK("http://evil.example","點我")'
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": csv_file([candidate_row(1, name_zh=evil)])})
    assert not Registration.objects.exists()  # the name rule refuses it at the door now
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": csv_file([candidate_row(1)])})
    candidate = Registration.objects.get().candidate
    type(candidate).objects.filter(pk=candidate.pk).update(name_zh=evil)  # a name saved before the rule
    csv_body = client.get(f"/group/sittings/{sitting.pk}/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_body and ",=HYPERLINK" not in csv_body
    workbook = load_workbook(io.BytesIO(client.get(f"/group/sittings/{sitting.pk}/export.xlsx").content))
    cell = workbook.active["C2"]
    assert cell.value == "'" + evil and cell.data_type == "s"


def test_checklist_pdf_lists_the_candidates_and_the_account(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(2))})
    response = client.get(f"/group/sittings/{sitting.pk}/checklist.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "報名資料檢核單" in text and "陳同學一" in text and "156-005-00002-5" in text


def test_template_has_the_header_and_the_sittings_subjects(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    workbook = load_workbook(io.BytesIO(client.get(f"/group/sittings/{sitting.pk}/template.xlsx").content))
    assert [c.value for c in workbook.worksheets[0][1]][:2] == ["身分證字號", "中文姓名"]
    help_text = " ".join(str(c.value) for row in workbook.worksheets[1].iter_rows() for c in row)
    assert "L11" in help_text and "台北" in help_text


def test_finance_records_the_remittance_and_everyone_shows_paid(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(3))})
    client.force_login(staff_user(StaffRole.FINANCE))
    url = f"/backoffice/tools/groups/sittings/{sitting.pk}/remittance/"
    gap = client.post(url, {"amount": 2400, "remitted_on": "2026-03-20", "bank_reference": "TX9"})
    assert "未入帳任何報名" in gap.content.decode()
    client.post(url, {"amount": 3600, "remitted_on": "2026-03-20", "bank_reference": "TX9"})
    assert set(Registration.objects.values_list("status", flat=True)) == {RegistrationStatus.PAID}
    assert Invoice.objects.get().amount == 3600
    client.force_login(coordinator.user)
    dashboard = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert dashboard.count("繳費成功") >= 3 and "GR11500001" in dashboard


def test_venue_request_below_threshold_is_refused_on_the_page(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    body = client.post(f"/group/sittings/{sitting.pk}/venue/", {"kind": "written", "room": "A101"}).content.decode()
    assert "專屬考場須達 120 人" in body


def test_sessions_outside_the_group_window_are_not_offered(client, frozen_now):
    coordinator = make_coordinator()
    session = make_session()
    client.force_login(coordinator.user)
    assert str(session) in client.get("/group/").content.decode()
    frozen_now(session.group_registration_closes.replace(year=session.group_registration_closes.year + 1))
    assert str(session) not in client.get("/group/").content.decode()


def test_staff_decisions_on_requests_show_on_the_dashboard(client, monkeypatch):
    from skillcert.groups import rules, services

    monkeypatch.setitem(rules.DEDICATED_VENUE_MINIMUM, "written", 2)
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(2))})
    request = services.venue_request_create(sitting=sitting, kind="written", room="電腦教室 A101", actor=None)
    for user in (coordinator.user, staff_user(StaffRole.FINANCE)):
        client.force_login(user)
        response = client.post(f"/backoffice/tools/groups/venue-requests/{request.pk}/decide/", {"decision": "approve"})
        assert response.status_code == 403
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    client.post(
        f"/backoffice/tools/groups/venue-requests/{request.pk}/decide/", {"decision": "refuse", "note": "電腦規格不符"}
    )
    client.force_login(coordinator.user)
    dashboard = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert "不同意" in dashboard and "電腦規格不符" in dashboard


def test_after_publication_the_dashboard_and_export_show_who_was_certified(client, frozen_now):
    import datetime as dt

    from skillcert.core import clock
    from skillcert.scoring.models import Outcome

    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(2))})
    first, second = (r.candidate for r in Registration.objects.order_by("candidate__national_id"))
    before = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert "成績公告後顯示" in before
    session = sitting.session
    Outcome.objects.create(candidate=first, level=session.level, certified=True, sitting=session,
                           evaluated_at=clock.now())  # fmt: skip
    frozen_now(clock.at(session.scores_published_on + dt.timedelta(days=1), 9))
    export = client.get(f"/group/sittings/{sitting.pk}/export.csv").content.decode("utf-8-sig").splitlines()
    by_id = {line.split(",")[1]: line.split(",")[-1] for line in export[1:]}
    assert by_id == {first.national_id: "是", second.national_id: "否"}
