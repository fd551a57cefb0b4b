"""What a candidate (or their group's coordinator) sees of results, from publication day only."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession
from skillcert.core import clock

from . import rules
from .models import Attendance, Outcome, Score, ScoreReview


@dataclass
class SubjectLine:
    score: Score
    passed: bool
    kept_until: dt.date | None

    @property
    def kept_until_roc(self) -> str:
        return clock.roc_date(self.kept_until, weekday=False) if self.kept_until else ""

    @property
    def status(self) -> str:
        if self.score.attendance == Attendance.ABSENT:
            return _("缺考")
        if self.score.score is None:
            return _("不予計分")
        return _("及格") if self.passed else _("未達及格")


@dataclass
class SessionResult:
    session: ExamSession
    lines: list[SubjectLine]
    outcome: Outcome | None
    missing_text: str
    review: ScoreReview | None


def published_sessions(*, candidate, today: dt.date | None = None):
    today = today or clock.today()
    return (
        ExamSession.objects.filter(scores__candidate=candidate, scores_published_on__lte=today)
        .select_related("level__brochure__item")
        .distinct()
        .order_by("-exam_date")
    )


def subject_labels(level) -> dict[str, str]:
    return {s.code: _("考科%(n)s") % {"n": s.number} for s in level.subjects.all()}


def _lines(scores, thresholds: rules.Thresholds) -> list[SubjectLine]:
    lines = []
    for score in scores:
        passed = rules.is_pass(score.score, thresholds)
        kept = rules.kept_until(score.session.exam_date, thresholds.kept_pass_years) if passed else None
        lines.append(SubjectLine(score, passed, kept))
    return lines


def candidate_result(*, candidate, session_id: int, today: dt.date | None = None) -> SessionResult:
    """The candidate's own results of one sitting; 404 before publication or if not theirs."""
    today = today or clock.today()
    session = (
        ExamSession.objects.select_related("level__brochure__item")
        .filter(pk=session_id, scores_published_on__lte=today, scores__candidate=candidate)
        .first()
    )
    if session is None:
        raise Http404
    level = session.level
    thresholds = rules.Thresholds.of(level)
    scores = Score.objects.filter(candidate=candidate, session=session).select_related("subject", "session")
    outcome = Outcome.objects.select_related("path", "sitting").filter(candidate=candidate, level=level).first()
    missing = ""
    if outcome and not outcome.certified:
        missing = rules.missing_text(outcome.missing, labels=subject_labels(level), thresholds=thresholds)
    review = ScoreReview.objects.filter(candidate=candidate, session=session).first()
    return SessionResult(session, _lines(scores.order_by("subject__number"), thresholds), outcome, missing, review)


def group_results(*, group_sitting, today: dt.date | None = None) -> list[dict]:
    """For the coordinator: each group candidate's scores and whether certified, from the
    session's publication day on (an empty list before it)."""
    session = group_sitting.session
    if (today or clock.today()) < session.scores_published_on:
        return []
    scores = (
        Score.objects.filter(session=session, registration_subject__registration__group_sitting=group_sitting)
        .select_related("candidate", "subject")
        .order_by("candidate__name_zh", "subject__number")
    )
    certified = set(
        Outcome.objects.filter(level=session.level, certified=True, candidate__scores__in=scores).values_list(
            "candidate_id", flat=True
        )
    )
    rows: dict[int, dict] = {}
    for score in scores:
        row = rows.setdefault(
            score.candidate_id,
            {"candidate": score.candidate, "scores": {}, "certified": score.candidate_id in certified},
        )
        row["scores"][score.subject.number] = score.score
    return list(rows.values())
