"""Spreadsheet import of simple items: a row-by-row report, good rows kept as drafts."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skillcert.cbt import spreadsheet
from skillcert.cbt.models import Difficulty, ItemVersion
from tests.cbt.factories import subject_with_topics, writer

pytestmark = pytest.mark.django_db
HEADER = ["題幹", "A", "B", "C", "D", "答案", "評鑑內容代碼", "難易度"]


@pytest.fixture
def subject():
    return subject_with_topics()


def csv_file(rows, header=HEADER):
    text = "\n".join(",".join(row) for row in [header, *rows])
    return SimpleUploadedFile("items.csv", text.encode("utf-8-sig"), content_type="text/csv")


def test_each_row_is_reported_and_good_rows_are_kept(subject):
    rows = [
        ["何者為尺規作圖工具？", "圓規", "鐵鎚", "扳手", "螺絲起子", "A", "L12104", "易"],
        ["二選一的題目", "是", "否", "", "", "b", "l12101", "難"],
        ["沒有答案", "甲", "乙", "丙", "丁", "", "L12101", "中"],
        ["答案指向空白選項", "甲", "乙", "", "", "D", "L12101", "中"],
        ["不存在的評鑑內容", "甲", "乙", "丙", "丁", "A", "L99999", "中"],
        ["難易度錯誤", "甲", "乙", "丙", "丁", "A", "L12101", "超難"],
        ["", "甲", "乙", "丙", "丁", "A", "L12101", "中"],
        ["", "", "", "", "", "", "", ""],
    ]
    record = spreadsheet.spreadsheet_import(subject=subject, uploaded_file=csv_file(rows), actor=writer())
    assert (record.accepted, record.refused) == (2, 5)
    assert [(row["line"], row["ok"]) for row in record.report] == [
        ("2", True), ("3", True), ("4", False), ("5", False), ("6", False), ("7", False), ("8", False),
    ]  # fmt: skip
    assert "L99999" in record.report[4]["message"]
    first = ItemVersion.objects.get(stem="何者為尺規作圖工具？")
    assert (first.options, first.correct, first.topic.code, first.difficulty) == (
        ["圓規", "鐵鎚", "扳手", "螺絲起子"], 0, "L12104", Difficulty.EASY,
    )  # fmt: skip
    second = ItemVersion.objects.get(stem="二選一的題目")
    assert (second.options, second.correct, second.status) == (["是", "否"], 1, "draft")


def test_an_xlsx_workbook_is_read(subject):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER + ["試題代碼"])
    sheet.append(["題目", "甲", "乙", "丙", None, "C", "L12102", 3, "Q-001"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("items.xlsx", buffer.getvalue())
    record = spreadsheet.spreadsheet_import(subject=subject, uploaded_file=upload, actor=writer())
    assert (record.accepted, record.refused) == (1, 0)
    version = ItemVersion.objects.get()
    assert (version.item.code, version.options, version.correct, version.difficulty) == (
        "Q-001",
        ["甲", "乙", "丙"],
        2,
        3,
    )


def test_a_file_without_the_template_columns_is_refused_whole(subject):
    with pytest.raises(ValidationError):
        spreadsheet.spreadsheet_import(
            subject=subject, uploaded_file=csv_file([["x"]], header=["題目"]), actor=writer()
        )
    assert not ItemVersion.objects.exists()


def test_too_many_rows_are_refused(subject, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    rows = [[f"題{n}", "甲", "乙", "", "", "A", "L12101", "中"] for n in range(5)]
    with pytest.raises(ValidationError):
        spreadsheet.spreadsheet_import(subject=subject, uploaded_file=csv_file(rows), actor=writer())
    assert not ItemVersion.objects.exists()


def test_a_csv_that_stops_being_utf8_after_its_first_lines_is_refused(subject):
    head = ("題幹,A,B,C,D,答案,評鑑內容代碼,難易度\n" + "題目,甲,乙,,,A,L12101,中\n" * 400).encode()
    upload = SimpleUploadedFile("items.csv", head + "題目,甲,乙,,,A,L12101,中\n".encode("big5"))
    with pytest.raises(ValidationError):
        spreadsheet.spreadsheet_import(subject=subject, uploaded_file=upload, actor=writer())
    assert not ItemVersion.objects.exists()
