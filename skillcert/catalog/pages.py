"""What the public brochure page shows, built from the records (brochure §各級等考試重要日程表)."""

import datetime as dt

from django.utils.translation import gettext as _

from skillcert.core import clock

from . import selectors
from .models import Brochure, ExamSession


def _is_midnight(moment: dt.datetime) -> bool:
    local = clock.local(moment)
    return (local.hour, local.minute, local.second) == (0, 0, 0)


def deadline_text(moment: dt.datetime | None) -> str:
    """'115/04/10(五) 12:00' — with the exact time, except the date alone for a window opening at 00:00
    (a whole-day deadline such as MDMT's '~04/19' reads 23:59)."""
    if moment is None:
        return ""
    if _is_midnight(moment):
        return clock.roc_date(moment)
    return clock.roc_datetime(moment)


def window_text(opens: dt.datetime, closes: dt.datetime) -> str:
    return f"{deadline_text(opens)} ~ {deadline_text(closes)}"


def date_range_text(start: dt.date | None, end: dt.date | None) -> str:
    if not start:
        return ""
    return clock.roc_date(start) if start == end else f"{clock.roc_date(start)} ~ {clock.roc_date(end)}"


def _dispute_text(session: ExamSession) -> str:
    parts = [_("考試當天")] if session.dispute_on_exam_day else []
    if session.dispute_opens:
        parts.append(date_range_text(session.dispute_opens, session.dispute_closes))
    return _("或").join(parts)


def _review_text(session: ExamSession) -> str:
    window = selectors.review_window(session=session)
    if window is None:
        return ""
    text = date_range_text(*window)
    if session.review_days_from_publication and not session.review_opens:
        text = _("成績公告（含）起 %(days)s 日內：%(range)s") % {
            "days": session.review_days_from_publication,
            "range": text,
        }
    return text


def _notice_text(session: ExamSession) -> str:
    start, end = selectors.notice_window(session=session)
    return _("考前 %(days)s 天 ~ 考試當天（%(range)s）") % {
        "days": session.notice_days_before,
        "range": date_range_text(start, end),
    }


def _sample_text(session: ExamSession) -> str:
    day = selectors.sample_questions_date(session=session)
    if day is None:
        return ""
    return _("考試後第 %(n)s 個工作天（%(date)s）") % {
        "n": session.sample_questions_working_days,
        "date": clock.roc_date(day),
    }


def _with_note(text: str, note: str) -> str:
    return f"{text}（{note}）" if text and note else text


def schedule_rows(sessions: list[ExamSession]) -> list[tuple[str, str, list[str]]]:
    """(label zh, label en, one cell per session) — the rows of the schedule table."""
    rows = [
        (
            "團體報名",
            "Group registration",
            [window_text(s.group_registration_opens, s.group_registration_closes) for s in sessions],
        ),
        (
            "個人報名",
            "Individual registration",
            [window_text(s.registration_opens, s.registration_closes) for s in sessions],
        ),
        ("「考試通知」公告/列印", "Exam notice", [_notice_text(s) for s in sessions]),
        ("考試日期", "Exam date", [_with_note(clock.roc_date(s.exam_date), s.exam_date_note) for s in sessions]),
        ("年度考試樣題公告", "Sample questions", [_sample_text(s) for s in sessions]),
        ("疑義題申請", "Disputed questions", [_dispute_text(s) for s in sessions]),
        (
            "成績公告/查詢",
            "Scores published",
            [_with_note(clock.roc_date(s.scores_published_on), s.scores_note) for s in sessions],
        ),
        ("成績複查申請", "Score review", [_review_text(s) for s in sessions]),
        (
            "證書寄發",
            "Certificates mailed",
            [
                _("%(date)s 起陸續寄出") % {"date": clock.roc_date(s.certificates_mailed_from)}
                if s.certificates_mailed_from
                else ""
                for s in sessions
            ],  # noqa: E501
        ),
    ]
    return [row for row in rows if any(row[2])]


def brochure_sessions(brochure: Brochure) -> list[ExamSession]:
    """Every sitting of the brochure in the order the brochure's table lists them (level, nth)."""
    return [session for level in brochure.levels.all() for session in level.sessions.all()]


def level_blocks(brochure: Brochure, *, now: dt.datetime) -> list[dict]:
    blocks = []
    for level in brochure.levels.all():
        sessions = list(level.sessions.all())
        example = sessions[0].exam_date if sessions else None
        blocks.append(
            {
                "level": level,
                "subjects": list(level.subjects.all()),
                "paths": list(level.paths.all()),
                "fees": selectors.fee_table(level),
                "fee_kinds": selectors.fee_kinds(level),
                "sessions": [session_block(s, now=now) for s in sessions],
                "kept_example": (example, selectors.kept_until(level=level, exam_date=example)) if example else None,
            }
        )
    return blocks


def session_block(session: ExamSession, *, now: dt.datetime) -> dict:
    return {
        "session": session,
        "open": selectors.session_registration_open(session=session, now=now),
        "group_open": selectors.session_registration_open(session=session, group=True, now=now),
        "closes": deadline_text(session.registration_closes),
        "group_closes": deadline_text(session.group_registration_closes),
        "timetable": list(session.timetable.all()),
        "regions": list(session.regions.all()),
        "written_pools": [p for p in session.seat_pools.all() if p.venue_id is None],
        "venue_pools": [p for p in session.seat_pools.all() if p.venue_id is not None],
    }


def reissue_windows_text(brochure: Brochure) -> list[str]:
    return [date_range_text(w.opens_on, w.closes_on) for w in brochure.reissue_windows.all()]
