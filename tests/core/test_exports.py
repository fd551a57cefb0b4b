import io

from openpyxl import load_workbook

from skillcert.core.exports import csv_response, safe_cell, xlsx_response

DANGEROUS = ['=HYPERLINK("http://evil","點我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1+1"]


def test_formula_triggers_are_turned_into_text():
    for value in DANGEROUS:
        assert safe_cell(value).startswith("'")
    assert safe_cell("王小明") == "王小明"
    assert safe_cell(1200) == 1200


def test_csv_export_never_starts_a_cell_with_a_formula():
    response = csv_response("x.csv", ["姓名"], [[v] for v in DANGEROUS])
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()[1:]
    assert all(line.lstrip('"').startswith("'") for line in lines)


def test_xlsx_export_stores_formulas_as_plain_text():
    response = xlsx_response("x.xlsx", ["姓名"], [[v] for v in DANGEROUS])
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert values == ["'" + v for v in DANGEROUS]
    assert all(cell[0].data_type == "s" for cell in sheet.iter_rows(min_row=2))
