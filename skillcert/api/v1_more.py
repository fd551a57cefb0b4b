"""API v1, the read operations beside the lists of v1.py: catalogue look-ups (public), a bank
file's result, one credit, one certificate, a sitting's scores and its candidates' results, and
an import's row report."""

import datetime as dt

from django.http import Http404
from ninja import Schema

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import ExamSession, Item, Level, Region
from skillcert.certificates.models import Certificate
from skillcert.payments.models import BankCredit, ImportBatch
from skillcert.scoring import selectors as scoring_selectors
from skillcert.scoring.models import Score, ScoreImport

from .v1 import (
    CREDIT_FIELDS,
    KEY,
    REFUSALS,
    SCORERS,
    BankFileOut,
    CertificateOut,
    CreditOut,
    CreditPage,
    Id,
    ImportOut,
    Limit,
    Problem,
    SittingOut,
    api,
    page_of,
    sittings_with_seats,
    staff,
)  # fmt: skip

R = StaffRole
FINANCE = (R.FINANCE,)


def one(rows, pk):
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


class NamedOut(Schema):
    id: int
    code: str
    name: str


class RegionOut(Schema):
    id: int
    name: str


class LevelOut(Schema):
    id: int
    item: str
    roc_year: int
    rank: int
    code: str


class BatchPage(Schema):
    items: list[BankFileOut]
    next_cursor: int | None


class ScoreOut(Schema):
    id: int
    candidate: int
    subject: int
    attendance: str
    score: int | None


class ScorePage(Schema):
    items: list[ScoreOut]
    next_cursor: int | None


@api.get("/catalog/items", response=list[NamedOut], tags=["catalogue"])
def items(request):
    return [{"id": i.pk, "code": i.code, "name": i.name_zh} for i in Item.objects.order_by("code")]


@api.get("/catalog/levels", response=list[LevelOut], tags=["catalogue"])
def levels(request):
    rows = Level.objects.values("id", "brochure__item__code", "brochure__roc_year", "rank", "code").order_by("id")
    return [{"id": r["id"], "item": r["brochure__item__code"], "roc_year": r["brochure__roc_year"],
             "rank": r["rank"], "code": r["code"]} for r in rows]  # fmt: skip


@api.get("/catalog/regions", response=list[RegionOut], tags=["catalogue"])
def regions(request):
    return list(Region.objects.values("id", "name"))


@api.get("/catalog/sittings/{sitting_id}", response={200: SittingOut, 404: Problem, 422: Problem}, tags=["catalogue"])
def sitting(request, sitting_id: Id):
    found = sittings_with_seats(pk=sitting_id)
    if not found:
        raise Http404
    return found[0]


def _batch(b: ImportBatch) -> dict:
    return {"batch": b.pk, "format": b.file_format, "lines": b.lines, "matched": b.matched,
            "exceptions": b.exceptions, "duplicates_skipped": b.duplicates_skipped}  # fmt: skip


@api.get("/payments/bank-files", response={200: BatchPage, **REFUSALS}, auth=KEY, tags=["payments"])
def bank_files(request, cursor: Id | None = None, limit: Limit = 50):
    staff(request, FINANCE)
    found, next_cursor = page_of(ImportBatch.objects.all(), cursor, limit)
    return {"items": [_batch(b) for b in found], "next_cursor": next_cursor}


@api.get("/payments/bank-files/{batch_id}", response={200: BankFileOut, **REFUSALS}, auth=KEY, tags=["payments"])
def bank_file_result(request, batch_id: Id):
    staff(request, FINANCE)
    return _batch(one(ImportBatch.objects.all(), batch_id))


@api.get("/payments/bank-files/{batch_id}/credits", response={200: CreditPage, **REFUSALS}, auth=KEY,
         tags=["payments"])  # fmt: skip
def bank_file_credits(request, batch_id: Id, cursor: Id | None = None, limit: Limit = 50):
    """The file's lines as matched or queued."""
    staff(request, FINANCE)
    rows = BankCredit.objects.filter(batch_id=batch_id).only(*CREDIT_FIELDS)
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": found, "next_cursor": next_cursor}


@api.get("/payments/credits/{credit_id}", response={200: CreditOut, **REFUSALS}, auth=KEY, tags=["payments"])
def credit(request, credit_id: Id):
    staff(request, FINANCE)
    return one(BankCredit.objects.all(), credit_id)


@api.get("/certificates/{certificate_id}", response={200: CertificateOut, **REFUSALS}, auth=KEY,
         tags=["certificates"])  # fmt: skip
def certificate(request, certificate_id: Id):
    staff(request, (R.REVIEWER, R.ITEM_OFFICER))
    c = one(Certificate.objects.all(), certificate_id)
    return {"id": c.pk, "number": c.number, "holder_name": c.holder_name, "level": c.level_id, "kind": c.kind,
            "status": c.status, "issued_on": c.issued_on, "valid_until": c.valid_until}  # fmt: skip


@api.get("/scoring/sessions/{session_id}/scores", response={200: ScorePage, **REFUSALS}, auth=KEY, tags=["scoring"])
def scores(request, session_id: Id, cursor: Id | None = None, limit: Limit = 50):
    staff(request, SCORERS)
    rows = Score.objects.filter(session_id=session_id).only("id", "candidate_id", "subject_id", "attendance", "score")
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": [{"id": s.pk, "candidate": s.candidate_id, "subject": s.subject_id, "attendance": s.attendance,
                       "score": s.score} for s in found], "next_cursor": next_cursor}  # fmt: skip


class ResultOut(Schema):
    id: int
    candidate: int
    level: int
    certified: bool
    already_certified: bool
    path: str | None
    rule: str
    certified_in: int | None
    missing: list
    certified_at: dt.datetime | None
    evaluated_at: dt.datetime


class ResultPage(Schema):
    items: list[ResultOut]
    next_cursor: int | None


@api.get("/scoring/sessions/{session_id}/results", response={200: ResultPage, **REFUSALS}, auth=KEY,
         tags=["scoring"])  # fmt: skip
def results(request, session_id: Id, certified: bool | None = None, cursor: Id | None = None, limit: Limit = 50):
    """Each candidate's certification result at the sitting's level (those with a score in it):
    certified or not, on which path and rule, the subjects still missing."""
    staff(request, SCORERS)
    session = one(ExamSession.objects.all(), session_id)
    rows = scoring_selectors.sitting_outcomes(session=session)
    if certified is not None:
        rows = rows.filter(certified=certified)
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": [{"id": o.pk, "candidate": o.candidate_id, "level": o.level_id, "certified": o.certified,
                       "already_certified": o.already_certified, "path": o.path.name if o.path else None,
                       "rule": o.rule, "certified_in": o.sitting_id, "missing": o.missing,
                       "certified_at": o.certified_at, "evaluated_at": o.evaluated_at} for o in found],
            "next_cursor": next_cursor}  # fmt: skip


@api.get("/scoring/imports/{import_id}", response={200: ImportOut, **REFUSALS}, auth=KEY, tags=["scoring"])
def score_import(request, import_id: Id):
    staff(request, SCORERS)
    record = one(ScoreImport.objects.all(), import_id)
    return {"id": record.pk, "accepted": record.accepted, "refused": record.refused, "rows": record.report}
