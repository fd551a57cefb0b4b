"""Certification evaluation: scores → Outcome rows, with `candidate_certified` after commit.

One engine (`outcomes_evaluate`) serves a single candidate, a corrected review, a regraded
subject and a whole session; it reads results for a chunk of candidates in a handful of
queries and writes with bulk_create/bulk_update."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from skillcert.accounts.models import CandidateProfile
from skillcert.catalog.models import ExamSession, Level
from skillcert.core import clock
from skillcert.core.models import AuditEntry

from . import rules
from .models import Outcome, Score
from .selectors import same_level_filter
from .signals import candidate_certified, certification_withdrawn

CHUNK = 2000


@dataclass
class Change:
    candidate_id: int
    was_certified: bool
    certified: bool


@dataclass
class EvaluationSummary:
    evaluated: int = 0
    certified: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def newly_certified(self) -> int:
        return sum(1 for c in self.changes if c.certified and not c.was_certified)


def level_paths(level: Level) -> tuple[list[rules.Path], dict[str, int]]:
    """The level's paths as subject-code sets, and the path ids by name."""
    paths = list(level.paths.prefetch_related("subjects"))
    return (
        [rules.Path(p.name, frozenset(s.code for s in p.subjects.all())) for p in paths],
        {p.name: p.pk for p in paths},
    )


def _results_by_candidate(level: Level, candidate_ids) -> dict[int, list[rules.SubjectResult]]:
    rows = Score.objects.filter(candidate_id__in=candidate_ids, **same_level_filter(level, "subject__")).values_list(
        "candidate_id", "subject__code", "score", "session_id", "session__exam_date"
    )
    results = defaultdict(list)
    for candidate_id, code, score, sitting, exam_date in rows:
        results[candidate_id].append(rules.SubjectResult(code, score, sitting, exam_date))
    return results


def _certified_elsewhere(level: Level, candidate_ids) -> set[int]:
    """Candidates certified at the same item and rank under another brochure year."""
    return set(
        Outcome.objects.filter(candidate_id__in=candidate_ids, certified=True, already_certified=False)
        .filter(**same_level_filter(level))
        .exclude(level=level)
        .values_list("candidate_id", flat=True)
    )


def _apply(outcome: Outcome, decision: rules.Decision, path_ids: dict[str, int], now: dt.datetime) -> None:
    outcome.certified = decision.certified
    outcome.path_id = path_ids.get(decision.path)
    outcome.rule = decision.rule
    outcome.sitting_id = decision.sitting
    outcome.missing = [[name, list(codes)] for name, codes in decision.missing]
    outcome.already_certified = decision.already_certified
    outcome.evaluated_at = now
    if decision.certified and outcome.certified_at is None:
        outcome.certified_at = now
    if not decision.certified:
        outcome.certified_at = None


FIELDS = ["certified", "path_id", "rule", "sitting_id", "missing", "already_certified", "certified_at"]


def _values(outcome: Outcome) -> tuple:
    return tuple(repr(getattr(outcome, name)) for name in FIELDS)


def _update_grouped(changed: list[Outcome]) -> None:
    """One UPDATE per distinct set of new values (a handful per session), not one per row:
    far faster than bulk_update's CASE expressions for tens of thousands of rows."""
    groups: dict[tuple, list[Outcome]] = defaultdict(list)
    for outcome in changed:
        groups[_values(outcome)].append(outcome)
    for members in groups.values():
        values = {name: getattr(members[0], name) for name in FIELDS}
        outcome_pks = [o.pk for o in members]
        for start in range(0, len(outcome_pks), 1000):
            Outcome.objects.filter(pk__in=outcome_pks[start : start + 1000]).update(**values)


def _evaluate_chunk(level, candidate_ids, paths, path_ids, thresholds, now, actor, summary) -> list[Outcome]:
    results = _results_by_candidate(level, candidate_ids)
    elsewhere = _certified_elsewhere(level, candidate_ids)
    existing = {o.candidate_id: o for o in Outcome.objects.filter(level=level, candidate_id__in=candidate_ids)}
    today = clock.local(now).date()
    new, changed, announce = [], [], []
    for candidate_id in candidate_ids:
        mine = results.get(candidate_id, [])
        on = max([today, *(r.exam_date for r in mine)])
        decision = rules.decide_over_sittings(
            results=mine, paths=paths, on=on, thresholds=thresholds, already_certified=candidate_id in elsewhere
        )
        outcome = existing.get(candidate_id)
        was = bool(outcome and outcome.certified and not outcome.already_certified)
        if outcome is None:
            outcome = Outcome(candidate_id=candidate_id, level=level)
            _apply(outcome, decision, path_ids, now)
            new.append(outcome)
        else:
            before = _values(outcome)
            _apply(outcome, decision, path_ids, now)
            if _values(outcome) != before:
                changed.append(outcome)
        summary.evaluated += 1
        summary.certified += decision.certified
        now_certified = decision.certified and not decision.already_certified
        if now_certified != was:
            summary.changes.append(Change(candidate_id, was, now_certified))
            announce.append((outcome, was, now_certified))
    Outcome.objects.bulk_create(new, batch_size=1000)
    _update_grouped(changed)
    Outcome.objects.filter(level=level, candidate_id__in=candidate_ids).update(evaluated_at=now)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                action="outcome.certified" if certified else "outcome.withdrawn",
                target_type="scoring.outcome",
                target_id=str(outcome.pk),
                from_state="certified" if was else "",
                to_state="certified" if certified else "",
                data={"candidate": outcome.candidate_id, "level": level.pk, "rule": outcome.rule},
            )
            for outcome, was, certified in announce
        ],
        batch_size=1000,
    )
    return [outcome for outcome, _was, _certified in announce]


def _holds(outcome: Outcome) -> bool:
    return outcome.certified and not outcome.already_certified


def _send_signals(level_id: int, outcome_ids: list[int]) -> int:
    """Announce changes: `candidate_certified` once the sitting's scores are published (until
    then it waits for `outcomes_announce`), `certification_withdrawn` for an announced outcome
    that no longer holds. Locked rows and `announced_at` make each announcement happen once;
    a receiver that fails rolls its announcement back for the next run."""
    level = Level.objects.select_related("brochure__item").get(pk=level_id)
    today, now, sent = clock.today(), clock.now(), 0
    for start in range(0, len(outcome_ids), CHUNK):
        with transaction.atomic():
            outcomes = list(
                Outcome.objects.select_for_update(of=("self",))
                .select_related("sitting")
                .filter(pk__in=outcome_ids[start : start + CHUNK])
            )
            certify = [
                o
                for o in outcomes
                if _holds(o) and o.announced_at is None and o.sitting and o.sitting.scores_published_on <= today
            ]
            withdraw = [o for o in outcomes if not _holds(o) and o.announced_at is not None]
            Outcome.objects.filter(pk__in=[o.pk for o in certify]).update(announced_at=now)
            Outcome.objects.filter(pk__in=[o.pk for o in withdraw]).update(announced_at=None)
            candidates = CandidateProfile.objects.select_related("user").in_bulk(
                {o.candidate_id for o in certify + withdraw}
            )
            for outcome in certify:
                outcome.announced_at = now
                candidate_certified.send(
                    sender=Outcome, candidate=candidates[outcome.candidate_id], level=level, outcome=outcome
                )
            for outcome in withdraw:
                outcome.announced_at = None
                certification_withdrawn.send(
                    sender=Outcome, candidate=candidates[outcome.candidate_id], level=level, outcome=outcome
                )
            sent += len(certify) + len(withdraw)
    return sent


def outcomes_announce(*, today: dt.date | None = None) -> int:
    """Send `candidate_certified` for certified outcomes whose sitting's scores are now
    published (run daily: `manage.py announce_certifications`). Returns how many were sent."""
    today = today or clock.today()
    pending = Outcome.objects.filter(
        certified=True, already_certified=False, announced_at__isnull=True, sitting__scores_published_on__lte=today
    ).values_list("level_id", "pk")
    by_level = defaultdict(list)
    for level_id, pk in pending:
        by_level[level_id].append(pk)
    return sum(_send_signals(level_id, ids) for level_id, ids in by_level.items())


def outcomes_evaluate(*, level: Level, candidate_ids, actor=None) -> EvaluationSummary:
    """Evaluate `candidate_ids` at `level`, store their Outcome rows, signal changes after commit."""
    summary = EvaluationSummary()
    paths, path_ids = level_paths(level)
    thresholds = rules.Thresholds.of(level)
    now = clock.now()
    ids = sorted(set(candidate_ids))
    with transaction.atomic():
        announce = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            announce += _evaluate_chunk(level, chunk, paths, path_ids, thresholds, now, actor, summary)
        outcome_ids = [o.pk for o in announce]
        if outcome_ids:
            transaction.on_commit(lambda: _send_signals(level.pk, outcome_ids))
    return summary


def certification_evaluate(*, candidate, level: Level, actor=None) -> Outcome:
    """Evaluate one candidate at one level (idempotent) and return the stored Outcome."""
    outcomes_evaluate(level=level, candidate_ids=[candidate.pk], actor=actor)
    return Outcome.objects.get(candidate=candidate, level=level)


def session_evaluate(*, session: ExamSession, actor=None) -> EvaluationSummary:
    """Evaluate everyone with a score in `session` at the session's level (batch, bulk writes)."""
    candidate_ids = Score.objects.filter(session=session).values_list("candidate_id", flat=True).distinct()
    return outcomes_evaluate(level=session.level, candidate_ids=list(candidate_ids), actor=actor)
