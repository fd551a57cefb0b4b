"""Writes of scores, deductions, CBT responses and answer keys; regrading a subject.

Every score goes through `grading.final_score` (the one rounding function). Certification is
re-run by `evaluation.outcomes_evaluate` wherever a score may have changed after evaluation."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.accounts.models import CandidateProfile
from skillcert.core.audit import log_action
from skillcert.examday.attendance import attendance_ruled, roll_call_of
from skillcert.notifications.services import email_after_commit

from . import grading
from .evaluation import EvaluationSummary, outcomes_evaluate
from .models import AnswerKey, Attendance, Deduction, Response, Sanction, Score

# Fields that decide a final score.
SCORE_FIELDS = ["attendance", "raw_score", "deduction", "sanction", "score", "graded_from_responses", "updated_at"]


def _refresh_final(score: Score) -> None:
    score.score = grading.final_score(
        raw=score.raw_score,
        present=score.attendance == Attendance.PRESENT,
        deduction=score.deduction,
        voided=bool(score.sanction),
    )


def score_for(registration_subject) -> Score:
    """The Score row of a registered subject (created empty on first use)."""
    registration = registration_subject.registration
    score, _created = Score.objects.get_or_create(
        registration_subject=registration_subject,
        defaults={
            "candidate_id": registration.candidate_id,
            "session_id": registration.session_id,
            "subject_id": registration_subject.subject_id,
        },
    )
    return score


def score_record(
    *, registration_subject, attendance: str, raw_score: Decimal | None, actor=None, reason: str = ""
) -> Score:
    """Record a subject's raw score and attendance (import, back office, review correction).
    The roll call wins (`examday.attendance.attendance_ruled`): a candidate it marks absent or
    refused entry is recorded 缺考 whatever `attendance` says (the caller sees it on the score)."""
    if attendance == Attendance.PRESENT and raw_score is None:
        raise ValidationError(_("到考者須有原始分數。"))
    if raw_score is not None and not (0 <= raw_score <= 100):
        raise ValidationError(_("分數須介於 0 到 100 之間。"))
    with transaction.atomic():
        score = Score.objects.select_for_update().get(pk=score_for(registration_subject).pk)
        before = score.score
        attendance = _ruled(
            score, registration_subject=registration_subject, claimed=attendance, source="scores", actor=actor
        )
        score.attendance = attendance
        score.raw_score = raw_score if attendance == Attendance.PRESENT else None
        score.graded_from_responses = False
        _refresh_final(score)
        score.save(update_fields=SCORE_FIELDS)
        if before is not None and before != score.score:
            log_action(score, "score.changed", actor=actor, reason=reason, data={"from": before, "to": score.score})
    return score


def _ruled(score: Score, *, registration_subject, claimed: str, source: str, actor) -> str:
    """The attendance to record for `score` when `source` claims `claimed`: the one rule of
    `examday.attendance`; a conflict with the roll call is audited on the score."""
    roll_call = roll_call_of(registration_id=registration_subject.registration_id, subject_id=score.subject_id)
    ruling = attendance_ruled(claimed=claimed, roll_call=roll_call)
    if ruling.overruled:
        log_action(
            score, "scoring.attendance_conflict", actor=actor,
            reason=_("試場點名為缺考或逾時拒絕入場，以缺考計"), data={"source": source, "roll_call": roll_call},
        )  # fmt: skip
    return ruling.attendance


def overruled_by_roll_call(score: Score, *, claimed: str = Attendance.PRESENT) -> bool:
    """True when a source claiming `claimed` was recorded 缺考 because of the roll call."""
    return claimed == Attendance.PRESENT and score.attendance == Attendance.ABSENT


def deduction_record(*, score: Score, kind: str, points: int = 0, note: str = "", actor=None) -> Deduction:
    """試場規則: phone ringing −5…−20 on that subject; communicating: that subject no score;
    impersonation/fraud: disqualified from the whole sitting (every subject voided). The
    candidate's certification is re-run (a withdrawn outcome lets certificates revoke)."""
    if kind == Deduction.Kind.PHONE and not (5 <= points <= 20):
        raise ValidationError(_("電子設備發出聲響扣 5 至 20 分。"))
    with transaction.atomic():
        score = Score.objects.select_for_update().get(pk=score.pk)
        deduction = Deduction(score=score, kind=kind, points=points if kind == Deduction.Kind.PHONE else 0)
        deduction.note = note
        deduction.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        deduction.full_clean()
        deduction.save()
        sitting_scores = Score.objects.select_for_update().filter(
            candidate=score.candidate_id, session=score.session_id
        )
        for each in sitting_scores:
            _apply_deductions(each)
            each.save(update_fields=SCORE_FIELDS)
        log_action(score, "score.deduction", actor=actor, reason=note, data={"kind": kind, "points": points})
        outcomes_evaluate(level=score.session.level, candidate_ids=[score.candidate_id], actor=actor)
    return deduction


def _apply_deductions(score: Score) -> None:
    kinds = list(score.deductions.values_list("kind", "points"))
    score.deduction = sum(points for kind, points in kinds if kind == Deduction.Kind.PHONE)
    fraud = Deduction.objects.filter(
        score__candidate=score.candidate_id, score__session=score.session_id, kind=Deduction.Kind.FRAUD
    ).exists()
    if fraud:
        score.sanction = Sanction.DISQUALIFIED
    elif any(kind == Deduction.Kind.COMMUNICATING for kind, _points in kinds):
        score.sanction = Sanction.NO_SCORE
    else:
        score.sanction = Sanction.NONE
    _refresh_final(score)


def answer_key_for(*, session, subject) -> dict[int, grading.KeyItem]:
    rows = AnswerKey.objects.filter(session=session, subject=subject)
    return {k.question: grading.KeyItem(k.options, k.points, k.everyone_scores) for k in rows}


def answer_key_set(*, session, subject, key: dict[int, tuple[str, Decimal]], actor=None) -> int:
    """Load (or replace) a subject sitting's answer key: question → (options, points)."""
    with transaction.atomic():
        AnswerKey.objects.filter(session=session, subject=subject).delete()
        AnswerKey.objects.bulk_create(
            AnswerKey(session=session, subject=subject, question=q, options=grading.normalise_options(o), points=p)
            for q, (o, p) in sorted(key.items())
        )
        log_action(session, "scoring.answer_key_set", actor=actor, data={"subject": subject.pk, "questions": len(key)})
    return len(key)


def responses_record(*, registration_subject, answers: dict[int, str], actor=None, source: str = "responses") -> Score:
    """Store a candidate's responses (a responses file, or CBT answers at submission: `source`)
    and grade them against the sitting's key. Responses are kept either way, but a candidate
    the roll call marks absent or refused entry is 缺考 (`examday.attendance`), the conflict
    audited and listed for staff (`examday.attendance.attendance_conflicts`)."""
    with transaction.atomic():
        score = Score.objects.select_for_update().get(pk=score_for(registration_subject).pk)
        score.responses.all().delete()
        Response.objects.bulk_create(
            Response(score=score, question=q, answer=a.strip().upper()[:4]) for q, a in answers.items()
        )
        score.attendance = _ruled(
            score, registration_subject=registration_subject, claimed=Attendance.PRESENT, source=source, actor=actor
        )
        score.graded_from_responses = True
        _grade_from_responses(score, {q: a.strip().upper() for q, a in answers.items()})
        score.save(update_fields=SCORE_FIELDS)
    return score


def _grade_from_responses(score: Score, answers: dict[int, str]) -> None:
    if score.attendance == Attendance.PRESENT:
        score.raw_score = grading.grade(answers, answer_key_for(session=score.session, subject=score.subject))
    else:
        score.raw_score = None
    _refresh_final(score)


def score_roll_call_apply(*, registration_subject, actor=None) -> Score | None:
    """A roll-call mark made or corrected after the score was recorded: apply the same rule.
    Responses on record are regraded when the candidate turns out to have sat; a score from a
    file that the roll call now voids is 缺考 (a correction back needs the file again)."""
    with transaction.atomic():
        score = Score.objects.select_for_update().filter(registration_subject=registration_subject).first()
        if score is None:
            return None
        claimed = Attendance.PRESENT if score.graded_from_responses else score.attendance
        attendance = _ruled(
            score, registration_subject=registration_subject, claimed=claimed, source="roll_call", actor=actor
        )
        if attendance == score.attendance:
            return score
        before = score.score
        score.attendance = attendance
        if score.graded_from_responses:
            _grade_from_responses(score, dict(score.responses.values_list("question", "answer")))
        else:
            score.raw_score = None
            _refresh_final(score)
        score.save(update_fields=SCORE_FIELDS)
        log_action(
            score, "score.changed", actor=actor, reason=_("試場點名更正"),
            data={"from": before, "to": score.score, "attendance": attendance},
        )  # fmt: skip
        outcomes_evaluate(level=score.session.level, candidate_ids=[score.candidate_id], actor=actor)
    return score


def subject_regrade(*, session, subject, actor=None, reason: str = "") -> tuple[int, EvaluationSummary]:
    """Regrade every stored response of one subject sitting against the current key, then
    re-run certification for the candidates whose score changed; tell those whose outcome
    changed. Returns (scores changed, evaluation summary)."""
    with transaction.atomic():
        key = answer_key_for(session=session, subject=subject)
        answers: dict[int, dict[int, str]] = defaultdict(dict)
        rows = Response.objects.filter(score__session=session, score__subject=subject).values_list(
            "score_id", "question", "answer"
        )
        for score_id, question, answer in rows:
            answers[score_id][question] = answer
        scores = list(
            Score.objects.select_for_update().filter(
                session=session, subject=subject, graded_from_responses=True, attendance=Attendance.PRESENT
            )
        )
        changed = []
        for score in scores:
            raw = grading.grade(answers.get(score.pk, {}), key)
            if raw != score.raw_score:
                before = score.score
                score.raw_score = raw
                _refresh_final(score)
                changed.append(score)
                if before != score.score:
                    log_action(
                        score, "score.regraded", actor=actor, reason=reason, data={"from": before, "to": score.score}
                    )
        Score.objects.bulk_update(changed, ["raw_score", "score"], batch_size=1000)
        summary = outcomes_evaluate(level=session.level, candidate_ids=[s.candidate_id for s in changed], actor=actor)
        outcome_changes_notify(summary=summary, level=session.level)
    return len(changed), summary


def outcome_changes_notify(*, summary: EvaluationSummary, level) -> None:
    """E-mail each candidate whose certification changed after a correction."""
    ids = [c.candidate_id for c in summary.changes]
    people = CandidateProfile.objects.select_related("user").in_bulk(ids)
    for change in summary.changes:
        person = people[change.candidate_id]
        if not person.user.email:
            continue
        email_after_commit(
            template="scoring_outcome_changed",
            to=person.user.email,
            context={"name": person.name_zh, "level": str(level), "certified": change.certified},
        )
