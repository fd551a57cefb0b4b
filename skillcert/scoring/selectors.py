"""Reads of scoring data for other domains and for the doors.

Registrations call `kept_subject_ids` (subjects a candidate need not sit again); certificates
call `certified_levels` and listen to `signals.candidate_certified`; the back office, the API
and the group portal count `certified_in_sitting`."""

import datetime as dt

from django.db.models import QuerySet

from skillcert.catalog.models import ExamSession, Level, Subject
from skillcert.core import clock

from . import rules
from .models import Outcome, Score


def same_level_filter(level: Level, prefix: str = "") -> dict:
    """Subjects of `level`'s item and rank in any brochure year (a 114 L11 pass counts for 115 L11)."""
    return {f"{prefix}level__brochure__item_id": level.brochure.item_id, f"{prefix}level__rank": level.rank}


def kept_subject_ids(*, candidate, level: Level, on: dt.date, published_only: bool = True) -> set[int]:
    """Ids of `level`'s subjects the candidate passed (≥ pass mark) in an exam whose keeping
    period covers `on` (until 31 Dec of the exam year + kept_pass_years; brochure §4.2 成績保留).

    Subjects are matched across brochure years of the same item by code (L11 …). With
    `published_only`, a score counts only once its session's scores were published by `on`."""
    thresholds = rules.Thresholds.of(level)
    scores = Score.objects.filter(
        candidate=candidate,
        score__gte=thresholds.pass_mark,
        session__exam_date__lte=on,
        session__exam_date__year__gte=on.year - thresholds.kept_pass_years,
        **same_level_filter(level, "subject__"),
    )
    if published_only:
        scores = scores.filter(session__scores_published_on__lte=on)
    codes = set(scores.values_list("subject__code", flat=True))
    if not codes:  # the usual case on registration night: no second query
        return set()
    return set(Subject.objects.filter(level=level, code__in=codes).values_list("id", flat=True))


def kept_passes(*, candidate, level: Level, on: dt.date) -> dict[int, dt.date]:
    """{subject id: the last day its pass is kept} for `kept_subject_ids`' subjects (the latest
    keeping period when passed more than once), for the form to say 'kept until …'."""
    kept = kept_subject_ids(candidate=candidate, level=level, on=on)
    if not kept:
        return {}
    thresholds = rules.Thresholds.of(level)
    codes = dict(Subject.objects.filter(pk__in=kept).values_list("code", "pk"))
    passes = Score.objects.filter(
        candidate=candidate, score__gte=thresholds.pass_mark, subject__code__in=codes, session__exam_date__lte=on,
        **same_level_filter(level, "subject__"),
    ).values_list("subject__code", "session__exam_date")  # fmt: skip
    until: dict[int, dt.date] = {}
    for code, exam_date in passes:
        last = rules.kept_until(exam_date, thresholds.kept_pass_years)
        if last >= on:
            until[codes[code]] = max(last, until.get(codes[code], last))
    return until


def certified_levels(*, candidate) -> QuerySet[Level]:
    """Levels at which the candidate holds a certifying outcome (first certification only:
    an outcome marked `already_certified` was certified earlier under another brochure year)."""
    return Level.objects.filter(
        outcomes__candidate=candidate, outcomes__certified=True, outcomes__already_certified=False
    ).distinct()


def is_certified_at(*, candidate, level: Level) -> bool:
    """Certified at this item and rank under any brochure year (no second certificate, §4.2)."""
    return Outcome.objects.filter(candidate=candidate, certified=True, **same_level_filter(level)).exists()


def certified_in_sitting(*, session: ExamSession) -> QuerySet[Outcome]:
    """The outcomes certified at `session`: the sitting that completed the candidate's path
    (`Outcome.sitting`), not a certification held from an earlier brochure year
    (`already_certified`: no second certificate, brochure §4.2). The one answer to "how many
    were certified in this sitting" for the back office, the API and the group portal."""
    return Outcome.objects.filter(level=session.level, sitting=session, certified=True, already_certified=False)


def sitting_outcomes(*, session: ExamSession) -> QuerySet[Outcome]:
    """The level's outcomes of the candidates who have a score in `session` (the results the
    sitting's scores fed), with the path they were certified on."""
    sat = Score.objects.filter(session=session).values("candidate_id")
    return Outcome.objects.filter(level_id=session.level_id, candidate_id__in=sat).select_related("path")


def scores_published(*, session: ExamSession, today: dt.date | None = None) -> bool:
    return (today or clock.today()) >= session.scores_published_on
