import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.accounts.models import CandidateProfile
from skillcert.catalog.models import SeatPool
from skillcert.groups.upload import ACCEPTED, REFUSED, upload_apply
from skillcert.registrations.models import Registration, RegistrationStatus
from skillcert.registrations.services import registration_create
from tests.factories import CandidateFactory
from tests.groups.factories import candidate_row, csv_file, make_sitting, rows_for, valid_national_id, xlsx_file

pytestmark = pytest.mark.django_db

BAD = {
    5: {"national_id": "A123456788"},  # checksum wrong
    20: {"email": "not-an-email"},
    33: {"subjects": "2,3"},  # not a certification path (1+2 or 1+3)
}


def by_number(report):
    return {row.number: row for row in report.rows}


def test_fifty_rows_with_three_bad_ones_are_answered_row_by_row():
    sitting = make_sitting()
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(50, bad=BAD)), actor=None)
    rows = by_number(report)
    assert (report.accepted, report.already, report.refused) == (47, 0, 3)
    # sheet row = position + 1 (row 1 is the header)
    assert rows[6].outcome == REFUSED and "身分證字號" in rows[6].message and "檢查碼" in rows[6].message
    assert rows[21].outcome == REFUSED and "E-mail" in rows[21].message
    assert rows[34].outcome == REFUSED and "授證組合" in rows[34].message
    assert Registration.objects.filter(group_sitting=sitting).count() == 47
    assert not CandidateProfile.objects.filter(national_id="A123456788").exists()
    registration = Registration.objects.filter(group_sitting=sitting).first()
    assert registration.plan == "group" and registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert registration.candidate.created_by_group and not registration.candidate.user.has_usable_password()
    assert SeatPool.objects.get(session=sitting.session, kind="written").held == 47


def test_uploading_the_same_file_again_changes_nothing():
    sitting = make_sitting()
    rows = rows_for(10, bad={3: {"region": "火星"}})
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    before = list(Registration.objects.order_by("pk").values_list("pk", "status", "amount"))
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    assert (report.accepted, report.already, report.refused) == (0, 9, 1)
    assert "未開設「火星」考區" in by_number(report)[4].message
    assert list(Registration.objects.order_by("pk").values_list("pk", "status", "amount")) == before
    assert SeatPool.objects.get(session=sitting.session, kind="written").held == 9


def test_csv_works_like_xlsx_and_duplicates_inside_the_file_are_refused():
    sitting = make_sitting()
    rows = rows_for(3) + [candidate_row(2)]
    report = upload_apply(sitting=sitting, uploaded_file=csv_file(rows), actor=None)
    assert [row.outcome for row in report.rows] == [ACCEPTED, ACCEPTED, ACCEPTED, REFUSED]
    assert "與第 3 列重複" in report.rows[3].message


def test_existing_candidates_are_linked_and_strangers_refused():
    sitting = make_sitting()
    known = CandidateFactory(name_zh="林美玲", national_id=valid_national_id(900001))
    individual = CandidateFactory(national_id=valid_national_id(900002))
    session = sitting.session
    registration_create(candidate=individual, session=session, subjects=list(session.level.subjects.filter(
        number__in=[1, 2])), region=session.regions.first())  # fmt: skip
    rows = [
        candidate_row(1, national_id=known.national_id, name_zh="林美玲"),
        candidate_row(
            2, national_id=CandidateFactory(national_id=valid_national_id(900003)).national_id, name_zh="別人"
        ),
        candidate_row(3, national_id=individual.national_id, name_zh=individual.name_zh),
    ]
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    outcomes = [(row.outcome, row.message) for row in report.rows]
    assert outcomes[0][0] == ACCEPTED
    assert Registration.objects.get(group_sitting=sitting).candidate == known
    assert outcomes[1] == (REFUSED, "此身分證字號已有考生帳號，但中文姓名不符")
    assert outcomes[2] == (REFUSED, "此考生已報名本梯次（非本團報名）")


def test_excel_number_cells_and_roc_dates_are_understood():
    sitting = make_sitting()
    rows = [candidate_row(1, mobile=912345678, birthday="093/02/29", subjects="L11、L13")]
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    assert report.accepted == 1, report.rows[0].message
    profile = Registration.objects.get(group_sitting=sitting).candidate
    assert profile.mobile == "0912345678" and profile.birthday.isoformat() == "2004-02-29"


def test_full_seats_refuse_the_rows_that_do_not_fit():
    sitting = make_sitting()
    SeatPool.objects.filter(session=sitting.session, kind="written").update(capacity=2)
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(3)), actor=None)
    assert [row.outcome for row in report.rows] == [ACCEPTED, ACCEPTED, REFUSED]
    assert "名額已滿" in report.rows[2].message
    assert CandidateProfile.objects.filter(national_id=report.rows[2].national_id).count() == 0


def test_a_file_without_the_template_header_is_refused_whole():
    sitting = make_sitting()
    with pytest.raises(ValidationError, match="找不到欄位"):
        upload_apply(sitting=sitting, uploaded_file=SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3\n"), actor=None)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    sitting = make_sitting()
    with pytest.raises(ValidationError):
        upload_apply(
            sitting=sitting, uploaded_file=SimpleUploadedFile("x.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00"), actor=None
        )


def test_a_file_over_the_row_cap_is_refused_before_any_row_is_saved(monkeypatch):
    from skillcert.groups import upload

    sitting = make_sitting()
    monkeypatch.setattr(upload, "MAX_ROWS", 2)
    with pytest.raises(ValidationError, match="超過 2 列資料"):
        upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(3)), actor=None)
    assert not Registration.objects.exists() and not CandidateProfile.objects.exists()
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(2)), actor=None)
    assert report.accepted == 2


def test_names_that_would_not_print_are_refused_row_by_row():
    sitting = make_sitting()
    resident = "A800000014"
    rows = [
        candidate_row(1, name_zh="陳同學😀"),
        candidate_row(2, name_zh="陳同學2"),
        candidate_row(3, name_zh="瓦歷斯‧諾幹", name_en="walis nokan"),
        candidate_row(4, national_id=resident, name_zh="nguyen van an"),
        candidate_row(5, name_zh="陳" * 51),
        candidate_row(6, name_en="CHEN 2"),
    ]
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    rows = by_number(report)
    assert "中文姓名只能使用中文字" in rows[2].message and "中文姓名只能使用中文字" in rows[3].message
    assert rows[4].outcome == ACCEPTED and rows[5].outcome == ACCEPTED
    assert "最多 50 個字元" in rows[6].message and "英文姓名" in rows[7].message
    assert CandidateProfile.objects.get(national_id=resident).name_zh == "NGUYEN VAN AN"
    assert CandidateProfile.objects.get(name_zh="瓦歷斯·諾幹").name_en == "WALIS NOKAN"
