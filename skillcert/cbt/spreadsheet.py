"""Simple items from a spreadsheet (xlsx or UTF-8 csv), one item per row, with a row-by-row
report. Header (first row): 題幹 | A | B | C | D | 答案 | 評鑑內容代碼 | 難易度 [| 試題代碼].
C and D may be blank for two- or three-option items; 答案 is a letter; 難易度 is 易/中/難
(or 1/2/3, easy/medium/hard). Good rows become drafts; bad rows are refused with the reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core.spreadsheets import read_spreadsheet

from . import access, rules, services
from .models import Difficulty, ItemImport
from .reports import ImportReport, import_finish

MAX_ROWS = 2000
MAX_COLUMNS = 20  # the template has 9
OPTION_COLUMNS = ("A", "B", "C", "D")
REQUIRED = ("題幹", *OPTION_COLUMNS[:2], "答案", "評鑑內容代碼")
DIFFICULTY_WORDS = {
    "易": Difficulty.EASY, "1": Difficulty.EASY, "easy": Difficulty.EASY,
    "中": Difficulty.MEDIUM, "2": Difficulty.MEDIUM, "medium": Difficulty.MEDIUM, "": Difficulty.MEDIUM,
    "難": Difficulty.HARD, "3": Difficulty.HARD, "hard": Difficulty.HARD,
}  # fmt: skip


def _row_fields(cells: dict[str, str], topics: dict) -> dict:
    options = [cells.get(column, "") for column in OPTION_COLUMNS]
    while options and not options[-1]:
        options.pop()
    answer = cells.get("答案", "").upper()
    topic = topics.get(cells.get("評鑑內容代碼", "").upper())
    difficulty = DIFFICULTY_WORDS.get(cells.get("難易度", "").lower())
    problems = []
    if topic is None:
        problems.append(_("評鑑內容代碼「%(code)s」不屬於此考科。") % {"code": cells.get("評鑑內容代碼", "") or "—"})
    if difficulty is None:
        problems.append(_("難易度須為 易、中 或 難。"))
    if answer not in rules.LETTERS[: len(options)] or len(answer) != 1:
        problems.append(_("答案須為一個有內容的選項字母（A–D）。"))
    if problems:
        raise ValidationError(problems)
    return {
        "stem": cells.get("題幹", ""), "options": options, "correct": rules.LETTERS.index(answer),
        "topic": topic, "difficulty": difficulty, "code": cells.get("試題代碼", ""),
    }  # fmt: skip


def spreadsheet_import(*, subject, uploaded_file, actor) -> ItemImport:
    access.require_writer(actor)
    rows = read_spreadsheet(uploaded_file, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    header = next(rows, None)
    if header is None:
        raise ValidationError(_("檔案沒有資料。"), code="empty")
    header = header[1]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationError(_("缺少欄位：%(cols)s，請使用範本。") % {"cols": "、".join(missing)}, code="header")
    topics = {t.code.upper(): t for t in subject.topics.all()}
    report = ImportReport()
    with transaction.atomic():  # the rows are read inside it: a file refused halfway keeps nothing
        for line, row in rows:
            cells = dict(zip(header, row, strict=False))
            try:
                services.item_create(subject=subject, actor=actor, **_row_fields(cells, topics))
            except ValidationError as error:
                report.refuse(line, " ".join(error.messages))
            else:
                report.ok(line, _("已匯入為草稿。"))
        return import_finish(
            subject=subject, kind=ItemImport.Kind.SPREADSHEET, filename=uploaded_file.name, actor=actor, report=report
        )
