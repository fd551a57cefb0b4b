"""Re-uploads tell the truth: a re-uploaded row whose data differs from what is stored is
reported as different (field, stored value, file value), points to the change request, and
changes nothing."""

import pytest

from skillcert.groups.upload import ALREADY, DIFFERS, upload_apply
from skillcert.registrations.models import Registration
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file

pytestmark = pytest.mark.django_db


def stored(sitting):
    registrations = Registration.objects.filter(group_sitting=sitting).order_by("pk")
    return [
        (r.pk, r.status, r.amount, r.region_id, sorted(line.subject_id for line in r.subjects.all()),
         r.candidate.mobile, r.candidate.user.email)
        for r in registrations.prefetch_related("subjects").select_related("candidate__user")
    ]  # fmt: skip


def test_a_row_with_other_subjects_and_mobile_is_reported_as_different_and_changes_nothing():
    sitting = make_sitting()
    rows = rows_for(3)
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    before = stored(sitting)
    rows[1].update(subjects="1,3", mobile="0987654321")

    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)

    first, second, third = report.rows
    assert (first.outcome, second.outcome, third.outcome) == (ALREADY, DIFFERS, ALREADY)
    assert (report.already, report.differs, report.accepted, report.refused) == (2, 1, 0, 0)
    fields = {d.field: (d.stored, d.in_file) for d in second.differences}
    codes = {line.subject.number: line.subject.code for line in Registration.objects.first().subjects.all()}
    assert fields["subjects"][0] == "、".join(sorted([codes[1], codes[2]]))
    assert fields["mobile"] == (rows_for(2)[1]["mobile"], "0987654321")
    assert set(fields) == {"subjects", "mobile"}
    assert "未變更" not in second.message.split("，")[0]
    assert "已存「" + rows_for(2)[1]["mobile"] + "」，檔案「0987654321」" in second.message
    assert "考生異動申請" in second.message and "考生登入後自行更新" in second.message
    assert stored(sitting) == before


def test_a_blank_optional_cell_is_not_a_difference():
    sitting = make_sitting()
    rows = rows_for(2)
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    rows[0].update(mobile="", postal_address="", name_en="")

    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)

    assert [row.outcome for row in report.rows] == [ALREADY, ALREADY]


def test_the_upload_page_shows_the_difference_and_links_the_change_request(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    rows = rows_for(2)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows)})
    rows[0]["email"] = "new.address@school.example"
    response = client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "已報名未變更 1、退回 0、已報名但資料不同 1" in body
    assert f"/group/sittings/{sitting.pk}/changes/" in body
    assert f"E-mail：已存「{rows_for(1)[0]['email']}」，檔案「new.address@school.example」" in body


def test_another_coordinator_cannot_upload_to_the_sitting(client):
    sitting = make_sitting()
    client.force_login(make_coordinator().user)
    response = client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(1))})
    assert response.status_code == 404
    assert not Registration.objects.filter(group_sitting=sitting).exists()
