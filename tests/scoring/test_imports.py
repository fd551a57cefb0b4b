"""Score, response and key files: row-by-row reports, bad rows refused, good rows kept."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.core import clock
from skillcert.scoring import imports
from skillcert.scoring.models import Attendance, Outcome, Score
from tests.factories import staff_user
from tests.scoring.factories import CandidateFactory, make_level, register, sitting

pytestmark = pytest.mark.django_db


def csv_file(text: str, name="scores.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def xlsx_file(rows, name="scores.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def sitting_with_two():
    level = make_level()
    session = sitting(level)
    first, second = CandidateFactory(), CandidateFactory()
    register(first, session, (1, 2))
    register(second, session, (1, 3))
    return session, level, first, second


def test_scores_csv_report_keeps_good_rows_and_explains_bad_ones(sitting_with_two):
    session, level, first, second = sitting_with_two
    subject = level.subjects.get(number=1)
    text = (
        "身分證字號,到考,原始分數\n"
        f"{first.national_id},到考,69.5\n"
        f"{second.national_id},遲到,80\n"
        "A123456789,到考,80\n"
        f"{first.national_id},到考,90\n"
        f"{second.national_id},缺考,\n"
    )
    record = imports.scores_import(session=session, subject=subject, uploaded_file=csv_file(text))
    assert (record.accepted, record.refused) == (2, 3)
    messages = {row["line"]: row["message"] for row in record.report}
    assert "到考" in messages[3] and "查無" in messages[4] and "重複" in messages[5]
    assert Score.objects.get(candidate=first, subject=subject).score == 70  # 69.5 rounds half up
    absent = Score.objects.get(candidate=second, subject=subject)
    assert absent.attendance == Attendance.ABSENT and absent.score is None
    assert Outcome.objects.filter(level=level).count() == 2  # evaluated after import


def test_scores_xlsx_with_a_non_number(sitting_with_two):
    session, level, first, second = sitting_with_two
    subject = level.subjects.get(number=1)
    upload = xlsx_file([["身分證字號", "原始分數"], [first.national_id, 77], [second.national_id, "七十"]])
    record = imports.scores_import(session=session, subject=subject, uploaded_file=upload)
    assert (record.accepted, record.refused) == (1, 1)
    assert "不是數字" in record.report[1]["message"]
    assert Score.objects.get(candidate=first, subject=subject).score == 77


def test_a_file_without_the_columns_is_refused_with_a_clear_message(sitting_with_two):
    session, level, *_ = sitting_with_two
    with pytest.raises(ValidationError, match="考試通知碼"):
        imports.scores_import(session=session, subject=level.subjects.first(), uploaded_file=csv_file("a,b\n1,2\n"))
    with pytest.raises(ValidationError):
        imports.scores_import(
            session=session, subject=level.subjects.first(), uploaded_file=SimpleUploadedFile("x.csv", b"\x00\x01\x02")
        )


def test_responses_need_a_key_then_are_graded(sitting_with_two):
    session, level, first, second = sitting_with_two
    subject = level.subjects.get(number=1)
    with pytest.raises(ValidationError, match="標準答案"):
        imports.responses_import(session=session, subject=subject, uploaded_file=csv_file("身分證字號,1\nX,A\n"))
    key = imports.key_import(
        session=session, subject=subject, uploaded_file=csv_file("題號,正確選項,配分\n1,A,50\n2,c,50\n3,,1\n")
    )
    assert (key.accepted, key.refused) == (2, 1)
    text = f"身分證字號,1,2\n{first.national_id},A,C\n{second.national_id},A,\n{first.national_id},B,B\nZ1,A,A\n"
    record = imports.responses_import(session=session, subject=subject, uploaded_file=csv_file(text))
    assert (record.accepted, record.refused) == (2, 2)
    assert Score.objects.get(candidate=first, subject=subject).score == 100
    assert Score.objects.get(candidate=second, subject=subject).raw_score == Decimal(50)
    bad = imports.responses_import(
        session=session, subject=subject, uploaded_file=csv_file(f"身分證字號,1,2\n{first.national_id},AB,C\n")
    )
    assert bad.refused == 1 and "單一選項" in bad.report[0]["message"]


def test_import_scores_command_prints_the_report(sitting_with_two, tmp_path):
    session, level, first, _second = sitting_with_two
    path = tmp_path / "s.csv"
    path.write_text(f"身分證字號,原始分數\n{first.national_id},88\nB987654321,70\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_scores", str(session.pk), "L11", str(path), stdout=out)
    assert "OK  line 2" in out.getvalue() and "ERR line 3" in out.getvalue()
    assert "accepted 1, refused 1" in out.getvalue()


def test_a_file_refused_half_way_keeps_none_of_the_rows_before(sitting_with_two, monkeypatch):
    from skillcert.core.spreadsheets import SpreadsheetError
    from skillcert.scoring.models import ScoreImport

    session, level, first, second = sitting_with_two
    monkeypatch.setattr(imports, "MAX_ROWS", 1)
    text = f"身分證字號,原始分數\n{first.national_id},80\n{second.national_id},90\n"
    with pytest.raises(SpreadsheetError, match="超過 1 列資料"):
        imports.scores_import(session=session, subject=level.subjects.get(number=1), uploaded_file=csv_file(text))
    assert not Score.objects.exists() and not ScoreImport.objects.exists()


def test_scores_cannot_be_imported_before_the_exam_day(client, frozen_now):
    frozen_now(clock.at(dt.date(2026, 5, 22), 18))
    level = make_level()
    session = sitting(level, exam_date=dt.date(2026, 5, 23))
    candidate = CandidateFactory()
    register(candidate, session, (1, 2))
    subject = level.subjects.get(number=1)
    text = f"身分證字號,原始分數\n{candidate.national_id},80\n"
    for importer in (imports.scores_import, imports.responses_import):
        with pytest.raises(ValidationError, match="115/05/23"):
            importer(session=session, subject=subject, uploaded_file=csv_file(text))
    assert not Score.objects.exists()
    roles_setup()
    client.force_login(staff_user(StaffRole.REVIEWER))
    url = f"/backoffice/tools/scoring/sessions/{session.pk}/"
    refused = client.post(url, {"kind": "scores", "subject": subject.pk, "file": csv_file(text)})
    assert refused.status_code == 400 and "尚未舉行，不能匯入成績" in refused.content.decode()
    frozen_now(clock.at(dt.date(2026, 5, 23), 17))  # the evening of the exam day
    record = imports.scores_import(session=session, subject=subject, uploaded_file=csv_file(text))
    assert record.accepted == 1
