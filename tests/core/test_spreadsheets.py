"""core.spreadsheets: the one reader of uploaded .xlsx and .csv files."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skillcert.core import spreadsheets
from skillcert.core.spreadsheets import SpreadsheetError, read_spreadsheet
from tests.security import hostile_files

TITLES = ["身分證字號", "原始分數"]


def upload(content: bytes, name: str = "名單.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(content: bytes, *, max_rows: int = 100, name: str = "名單.xlsx", **options) -> str:
    with pytest.raises(SpreadsheetError) as error:
        list(read_spreadsheet(upload(content, name), max_rows=max_rows, **options))
    return error.value.messages[0]


def test_xlsx_and_utf8_csv_give_the_same_rows_of_strings():
    rows = [["身分證字號", "出生日期", "分數", None], [None], ["A123456789", dt.datetime(2003, 4, 5), 75.0, None]]
    from_xlsx = list(read_spreadsheet(upload(xlsx(rows)), max_rows=10))
    csv_text = "\ufeff身分證字號,出生日期,分數,\n,,,\nA123456789,2003-04-05,75,\n"
    from_csv = list(read_spreadsheet(upload(csv_text.encode(), "名單.csv"), max_rows=10))
    expected = [(1, ["身分證字號", "出生日期", "分數"]), (3, ["A123456789", "2003-04-05", "75"])]
    assert from_xlsx == expected
    assert from_csv == expected


def test_a_row_of_zeros_is_data_not_blank():
    assert list(read_spreadsheet(upload(xlsx([["題號"], [0], [None]])), max_rows=10)) == [(1, ["題號"]), (2, ["0"])]


def test_the_declared_dimension_is_ignored():
    content = hostile_files.dimension_bomb(TITLES, corner=False)
    assert len(content) < 2048
    assert list(read_spreadsheet(upload(content), max_rows=10)) == [(1, TITLES), (2, TITLES)]


def test_a_cell_in_the_far_corner_is_refused_for_its_million_blank_rows():
    assert "空白列超過" in refusal(hostile_files.dimension_bomb(TITLES))


def test_rows_stop_at_the_cap_without_reading_further():
    content = ("標題\n" + "資料\n" * 50).encode()
    rows = read_spreadsheet(upload(content, "x.csv"), max_rows=3)
    assert [number for number, _cells in (next(rows) for _ in range(4))] == [1, 2, 3, 4]
    with pytest.raises(SpreadsheetError, match="超過 3 列資料"):
        next(rows)


def test_a_row_wider_than_the_limit_is_refused_but_the_limit_itself_is_fine():
    assert len(list(read_spreadsheet(upload(xlsx([["x"] * 5])), max_rows=1, max_columns=5))[0][1]) == 5
    assert "第 1 列超過 5 欄" in refusal(xlsx([["x"] * 6]), max_columns=5)
    assert "第 1 列超過 5 欄" in refusal(b"a,b,c,d,e,f\n", name="x.csv", max_columns=5)


def test_a_cell_over_the_length_limit_is_refused_in_xlsx_and_csv():
    long = "字" * (spreadsheets.MAX_CELL_CHARS + 1)
    assert "第 2 列有超過" in refusal(xlsx([["a"], [long]]))
    assert "第 2 列有超過" in refusal(f"a\n{long}\n".encode(), name="x.csv")


def test_a_csv_field_over_csvs_own_limit_is_refused_with_its_row():
    assert "CSV 第 2 列格式錯誤或欄位過長" in refusal(hostile_files.long_field_csv(TITLES), name="x.csv")


def test_a_csv_that_stops_being_utf8_is_refused_at_that_line():
    content = hostile_files.utf8_then_big5_csv(TITLES)
    line = content.count(b"\n")
    assert f"第 {line} 行不是 UTF-8 文字" in refusal(content, name="x.csv")


def test_a_nul_byte_is_refused_as_not_text():
    assert "只接受 .xlsx 或 UTF-8" in refusal(b"a,b\n\x00\x01,2\n", name="x.csv")


def test_an_archive_that_inflates_far_beyond_its_size_is_refused_before_parsing():
    assert "解壓縮後過大" in refusal(hostile_files.inflating_sheet(TITLES, megabytes=5))


def test_too_many_xml_elements_are_refused_before_openpyxl_parses_them(monkeypatch):
    content = xlsx([TITLES, *([["1", "2"]] * 50)])
    assert len(list(read_spreadsheet(upload(content), max_rows=100))) == 51
    monkeypatch.setattr(spreadsheets, "MAX_ELEMENTS", 200)
    assert "內容過多" in refusal(content)


def test_empty_cells_that_compress_too_little_for_the_ratio_check_are_counted():
    content = hostile_files.empty_cells(TITLES)
    assert "內容過多" in refusal(content)


def test_parts_over_the_size_limits_are_refused(monkeypatch):
    content = xlsx([TITLES])
    monkeypatch.setattr(spreadsheets, "MAX_TOTAL_BYTES", 1000)
    assert "解壓縮後過大" in refusal(content)
    monkeypatch.setattr(spreadsheets, "MAX_TOTAL_BYTES", 10**9)
    monkeypatch.setattr(spreadsheets, "MAX_PART_BYTES", 100)
    assert "解壓縮後過大" in refusal(content)


def test_an_archive_of_too_many_parts_is_refused_from_its_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(spreadsheets.MAX_PARTS + 1):
            archive.writestr(f"xl/media/{number}.bin", b"")
    assert "內容結構異常" in refusal(buffer.getvalue())


def test_zips_that_are_not_workbooks_are_refused():
    assert "不是 Excel 活頁簿" in refusal(hostile_files.no_content_types(TITLES))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    assert "不是 Excel 活頁簿" in refusal(buffer.getvalue())
    assert "無法讀取此 Excel 檔案" in refusal(xlsx([TITLES])[:-40])


def test_entity_expansion_in_the_sheet_is_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    sheet = laughs + hostile_files.SHEET_HEAD[hostile_files.SHEET_HEAD.index(b"<worksheet") :]
    cell = b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData>'
    content = hostile_files.workbook([sheet, cell, b"</worksheet>"])
    with pytest.raises(SpreadsheetError, match="無法讀取此 Excel 檔案") as error:
        list(read_spreadsheet(upload(content), max_rows=10))
    causes, cause = [], error.value
    while cause is not None:
        causes.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    assert "EntitiesForbidden" in causes  # defusedxml refused it; not a mere parse error


def test_empty_oversized_and_random_files_are_refused(monkeypatch):
    assert "空的" in refusal(b"")
    assert "只接受 .xlsx 或 UTF-8" in refusal(hostile_files.random_bytes())
    monkeypatch.setattr(spreadsheets, "MAX_BYTES", 10)
    assert "檔案太大" in refusal(b"a,b\n1,2\n3,4\n", name="x.csv")


def test_a_refusal_is_a_validation_error_for_the_doors():
    assert issubclass(SpreadsheetError, ValidationError)
    assert SpreadsheetError("x").code == "spreadsheet"


def test_a_large_upload_spooled_to_disk_is_read_the_same_way():
    from django.core.files.uploadedfile import TemporaryUploadedFile

    for name, content in (("名單.xlsx", xlsx([TITLES, ["A123456789", 75]])), ("名單.csv", b"a,b\nA123456789,75\n")):
        spooled = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
        spooled.write(content)
        rows = list(read_spreadsheet(spooled, max_rows=10))
        spooled.close()
        assert rows[1] == (2, ["A123456789", "75"])
