"""Score, response and answer-key files (xlsx or UTF-8 csv, read by core.spreadsheets), imported
per subject sitting with a row-by-row report. A bad row is refused with its reason; good rows are
kept. A file refused while it is read (core.spreadsheets) keeps nothing.

Scores file:    考試通知碼 or 身分證字號 | 到考 (到考/缺考) | 原始分數
Responses file: 考試通知碼 or 身分證字號 | 1 | 2 | 3 … (one column per question; blank = 不作答)
Key file:       題號 | 正確選項 | 配分
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.spreadsheets import read_spreadsheet
from skillcert.examday import admission
from skillcert.registrations.models import CLOSED_STATES, RegistrationSubject

from . import services
from .evaluation import outcomes_evaluate
from .models import Attendance, ScoreImport

ID_COLUMNS = ("考試通知碼", "身分證字號")
PRESENT_WORDS = {"到考": Attendance.PRESENT, "present": Attendance.PRESENT, "1": Attendance.PRESENT}
ABSENT_WORDS = {"缺考": Attendance.ABSENT, "absent": Attendance.ABSENT, "0": Attendance.ABSENT}
MAX_ROWS = 20_000  # candidates (or questions) in one file


@dataclass
class Report:
    rows: list[dict] = field(default_factory=list)

    def ok(self, line: int, text: str) -> None:
        self.rows.append({"line": line, "ok": True, "message": text})

    def refuse(self, line: int, text: str) -> None:
        self.rows.append({"line": line, "ok": False, "message": text})

    @property
    def accepted(self) -> int:
        return sum(1 for row in self.rows if row["ok"])

    @property
    def refused(self) -> int:
        return sum(1 for row in self.rows if not row["ok"])


def _read(uploaded_file) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, the rows after it as (line, cells)), read through core.spreadsheets, which refuses
    a bad file now and a bad row or more than MAX_ROWS rows while the caller iterates."""
    rows = read_spreadsheet(uploaded_file, max_rows=MAX_ROWS)
    first = next(rows, None)
    if first is None:
        raise ValidationError(_("檔案沒有資料。"))
    return first[1], rows


def _registered_subjects(session, subject) -> dict[str, RegistrationSubject]:
    """Registered (not cancelled) subjects of the sitting, by admission number and national ID."""
    found = {}
    rows = (
        RegistrationSubject.objects.filter(registration__session=session, subject=subject, dropped=False)
        .exclude(registration__status__in=[s.value for s in CLOSED_STATES])
        .select_related("registration__candidate")
    )
    for row in rows:
        if row.registration.admission_number:
            found[row.registration.admission_number.upper()] = row
        found[row.registration.candidate.national_id.upper()] = row
    return found


def _id_column(header: list[str]) -> int:
    for name in ID_COLUMNS:
        if name in header:
            return header.index(name)
    raise ValidationError(_("找不到「考試通知碼」或「身分證字號」欄位，請使用範本。"))


def _candidate_lines(header, rows, *, who: int, registered, seen: set, report: Report, unknown: str, repeated: str):
    """(line number, row padded to the header, candidate ID, registered subject) of each
    non-blank data row. A row whose ID has no registration for the subject is refused with
    `unknown`, one whose ID the caller already put in `seen` with `repeated` (both take %(id)s)."""
    for line, row in rows:
        row = row + [""] * (len(header) - len(row))
        ident = admission.normalise(row[who])  # 考試通知碼 as printed (spaces, dashes) or national ID
        target = registered.get(ident)
        if target is None:
            report.refuse(line, unknown % {"id": ident or "—"})
        elif ident in seen:
            report.refuse(line, repeated % {"id": ident})
        else:
            yield line, row, ident, target


def _finish(*, session, subject, kind, filename, actor, report: Report, candidate_ids) -> ScoreImport:
    record = ScoreImport.objects.create(
        session=session,
        subject=subject,
        kind=kind,
        filename=filename[:200],
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        accepted=report.accepted,
        refused=report.refused,
        report=report.rows,
    )
    log_action(
        record, f"scoring.import_{kind}", actor=actor, data={"accepted": report.accepted, "refused": report.refused}
    )
    if candidate_ids:
        outcomes_evaluate(level=session.level, candidate_ids=candidate_ids, actor=actor)
    return record


def _score_line(ident: str, score, *, claimed: str) -> str:
    """A kept row's line of the report; a row the roll call overruled (the file says 到考, the
    proctors marked 缺考 or refused entry: `examday.attendance`) says so."""
    text = _("%(id)s：成績 %(score)s") % {"id": ident, "score": score.score if score.score is not None else _("缺考")}
    if services.overruled_by_roll_call(score, claimed=claimed):
        text += _("（檔案為到考，但試場點名為缺考或逾時拒絕入場，以缺考計）")
    return text


def _exam_held(session) -> None:
    """Scores and responses exist only once the sitting has been held (from its exam day)."""
    if clock.today() < session.exam_date:
        raise ValidationError(
            _("本梯次的考試日期為 %(date)s，尚未舉行，不能匯入成績或作答。")
            % {"date": clock.roc_date(session.exam_date)},
            code="exam_not_held",
        )


def scores_import(*, session, subject, uploaded_file, actor=None) -> ScoreImport:
    _exam_held(session)
    header, rows = _read(uploaded_file)
    report, seen, candidate_ids = Report(), set(), []
    who = _id_column(header)
    if "原始分數" not in header:
        raise ValidationError(_("找不到「原始分數」欄位，請使用範本。"))
    raw_at, attend_at = header.index("原始分數"), header.index("到考") if "到考" in header else None
    registered = _registered_subjects(session, subject)
    with transaction.atomic():
        lines = _candidate_lines(
            header, rows, who=who, registered=registered, seen=seen, report=report,
            unknown=_("查無「%(id)s」報考此考科的紀錄。"), repeated=_("「%(id)s」在檔案中重複出現。"),
        )  # fmt: skip
        for line, row, ident, target in lines:
            word = row[attend_at] if attend_at is not None else "到考"
            attendance = PRESENT_WORDS.get(word) or ABSENT_WORDS.get(word)
            if attendance is None:
                report.refuse(line, _("到考欄請填「到考」或「缺考」。"))
                continue
            raw = None
            if attendance == Attendance.PRESENT:
                try:
                    raw = Decimal(row[raw_at])
                except InvalidOperation:
                    report.refuse(line, _("原始分數「%(v)s」不是數字。") % {"v": row[raw_at]})
                    continue
            try:
                score = services.score_record(
                    registration_subject=target, attendance=attendance, raw_score=raw, actor=actor
                )
            except ValidationError as error:
                report.refuse(line, " ".join(error.messages))
                continue
            seen.add(ident)
            candidate_ids.append(score.candidate_id)
            report.ok(line, _score_line(ident, score, claimed=attendance))
        return _finish(
            session=session,
            subject=subject,
            kind=ScoreImport.Kind.SCORES,
            filename=getattr(uploaded_file, "name", ""),
            actor=actor,
            report=report,
            candidate_ids=candidate_ids,
        )


def responses_import(*, session, subject, uploaded_file, actor=None) -> ScoreImport:
    _exam_held(session)
    header, rows = _read(uploaded_file)
    if not services.answer_key_for(session=session, subject=subject):
        raise ValidationError(_("請先匯入此考科的標準答案。"))
    report, seen, candidate_ids = Report(), set(), []
    who = _id_column(header)
    questions = {}
    for index, name in enumerate(header):
        if index != who and name.isdigit():
            questions[index] = int(name)
    if not questions:
        raise ValidationError(_("找不到題號欄位（1、2、3 …），請使用範本。"))
    registered = _registered_subjects(session, subject)
    with transaction.atomic():
        refused = _("查無「%(id)s」報考此考科的紀錄，或在檔案中重複出現。")
        lines = _candidate_lines(
            header, rows, who=who, registered=registered, seen=seen, report=report, unknown=refused, repeated=refused
        )
        for line, row, ident, target in lines:
            answers = {q: row[i].upper() for i, q in questions.items()}
            bad = [str(q) for q, a in answers.items() if a and (len(a) != 1 or not a.isalpha())]
            if bad:
                report.refuse(line, _("第 %(q)s 題的作答不是單一選項。") % {"q": "、".join(bad)})
                continue
            score = services.responses_record(registration_subject=target, answers=answers, actor=actor)
            seen.add(ident)
            candidate_ids.append(score.candidate_id)
            report.ok(line, _score_line(ident, score, claimed=Attendance.PRESENT))
        return _finish(
            session=session,
            subject=subject,
            kind=ScoreImport.Kind.RESPONSES,
            filename=getattr(uploaded_file, "name", ""),
            actor=actor,
            report=report,
            candidate_ids=candidate_ids,
        )


def key_import(*, session, subject, uploaded_file, actor=None) -> ScoreImport:
    header, rows = _read(uploaded_file)
    report, key = Report(), {}
    if not {"題號", "正確選項"} <= set(header):
        raise ValidationError(_("找不到「題號」與「正確選項」欄位，請使用範本。"))
    q_at, o_at = header.index("題號"), header.index("正確選項")
    p_at = header.index("配分") if "配分" in header else None
    for line, row in rows:
        row = row + [""] * (len(header) - len(row))
        try:
            question = int(row[q_at])
            points = Decimal(row[p_at]) if p_at is not None and row[p_at] else Decimal(2)
        except (ValueError, InvalidOperation):
            report.refuse(line, _("題號或配分不是數字。"))
            continue
        options = "".join(sorted({c for c in row[o_at].upper() if c.isalpha()}))
        if not options or question in key:
            report.refuse(line, _("第 %(q)s 題沒有正確選項或重複。") % {"q": question})
            continue
        key[question] = (options, points)
        report.ok(line, _("第 %(q)s 題：%(o)s") % {"q": question, "o": options})
    with transaction.atomic():
        if key:
            services.answer_key_set(session=session, subject=subject, key=key, actor=actor)
        return _finish(
            session=session,
            subject=subject,
            kind=ScoreImport.Kind.KEY,
            filename=getattr(uploaded_file, "name", ""),
            actor=actor,
            report=report,
            candidate_ids=[],
        )


# The importer of each kind of file, for every door that uploads one.
IMPORTERS = {
    ScoreImport.Kind.SCORES: scores_import,
    ScoreImport.Kind.RESPONSES: responses_import,
    ScoreImport.Kind.KEY: key_import,
}
