"""REST API v1 on django-ninja (OpenAPI 3.1 at /api/v1/openapi.json; docs page /api/v1/docs).

Staff operations take `Authorization: Bearer <key>` (api.models.ApiToken) and check the key
owner's role; the catalog and certificate verification are public (verification rate
limited). Every refusal is an RFC 9457 problem (api.problems). Lists use cursor pagination
(`cursor` = the last id seen, `limit` ≤ 200) and run a fixed number of queries."""

import datetime as dt
import logging
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from pydantic import Field

from skillcert.accounts import throttle
from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import ExamSession
from skillcert.certificates import selectors as certificate_selectors
from skillcert.certificates.models import Certificate
from skillcert.payments.bankfile import BankFileError, size_refusal
from skillcert.payments.imports import bank_file_import
from skillcert.payments.models import BankCredit, CreditStatus
from skillcert.registrations.models import Registration
from skillcert.scoring import imports as score_imports
from skillcert.scoring import selectors as scoring_selectors

from .auth import may_act, user_from_token
from .problems import problem

R = StaffRole
# Every id or cursor in a path or query: a database integer (a larger one is a 422, not a 500).
Id = Annotated[int, Field(ge=0, le=2**31 - 1)]
Limit = Annotated[int, Field(ge=1, le=200)]
OFFICERS = (R.ITEM_OFFICER,)
SCORERS = (R.REVIEWER, R.ITEM_OFFICER)
VERIFY_PER_IP = throttle.Limit("api.verify.ip", "30/m")


class ApiKey(HttpBearer):
    def authenticate(self, request, token):
        user = user_from_token(request)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="skillcert API",
    version="1",
    urls_namespace="api_v1",
    docs_url=None,
    openapi_url="/openapi.json",
    description="iPAS-like skills assessment: catalogue, registrations, payments, scoring, certificates.",
)
KEY = ApiKey()


@api.exception_handler(RequestInvalid)
def _invalid(request, exc):
    return problem(422, _("請求內容有誤。"), errors=[{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors])


# Refusals with a fixed status and message (said in the caller's language when raised).
FIXED_REFUSALS = {
    MultiPartParserError: (400, gettext_lazy("上傳內容格式錯誤（multipart）。")),
    AuthenticationError: (401, gettext_lazy("請提供有效的 API 金鑰。")),
    PermissionDenied: (403, gettext_lazy("您沒有執行此作業的權限。")),
    Http404: (404, gettext_lazy("找不到此資料。")),
}


def _fixed_refusal(request, exc):
    status, message = next(answer for kind, answer in FIXED_REFUSALS.items() if isinstance(exc, kind))
    return problem(status, str(message))


for _refused in FIXED_REFUSALS:
    api.add_exception_handler(_refused, _fixed_refusal)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    """A fault of ours: logged with its traceback where Django logs its 500s, answered as a problem."""
    logging.getLogger("django.request").error("API v1: %s %s", request.method, request.path, exc_info=exc)
    return problem(500, _("很抱歉，系統發生錯誤，我們已記錄此問題，請稍後再試。"))


def staff(request, roles) -> None:
    if not may_act(request, roles):
        raise PermissionDenied


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str


REFUSALS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


# --- catalogue (public) -------------------------------------------------------------------


class SittingOut(Schema):
    id: int
    item: str
    roc_year: int
    level: int
    nth: int
    exam_date: dt.date
    registration_opens: dt.datetime
    registration_closes: dt.datetime
    capacity: int
    held: int
    available: int


@api.get("/catalog/sittings", response={200: list[SittingOut], 422: Problem}, tags=["catalogue"])
def sittings(request, year: Id | None = None):
    """Exam sittings with their seats: capacity, held and available (written and practical pools)."""
    return sittings_with_seats(**({"level__brochure__roc_year": year} if year else {}))


def sittings_with_seats(**lookups) -> list[dict]:
    """Sittings (filtered by `lookups`) with their seats summed over their pools: one grouped query."""
    rows = ExamSession.objects.filter(**lookups).annotate(
        capacity_total=Sum("seat_pools__capacity", default=0), held_total=Sum("seat_pools__held", default=0)
    ).values(
        "id", "level__brochure__item__code", "level__brochure__roc_year", "level__rank", "nth", "exam_date",
        "registration_opens", "registration_closes", "capacity_total", "held_total",
    )  # fmt: skip
    return [
        {"id": r["id"], "item": r["level__brochure__item__code"], "roc_year": r["level__brochure__roc_year"],
         "level": r["level__rank"], "nth": r["nth"], "exam_date": r["exam_date"],
         "registration_opens": r["registration_opens"], "registration_closes": r["registration_closes"],
         "capacity": r["capacity_total"], "held": r["held_total"], "available": r["capacity_total"] - r["held_total"]}
        for r in rows.order_by("exam_date", "id")
    ]  # fmt: skip


# --- registrations (staff) ----------------------------------------------------------------


class RegistrationOut(Schema):
    id: int
    candidate: str
    sitting: int
    exam_date: dt.date
    region: str
    plan: str
    amount: int
    status: str
    created_at: dt.datetime


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: int | None


def _registration(r: Registration) -> dict:
    return {"id": r.pk, "candidate": r.candidate.name_zh, "sitting": r.session_id, "exam_date": r.session.exam_date,
            "region": r.region.name, "plan": r.plan, "amount": r.amount, "status": r.status,
            "created_at": r.created_at}  # fmt: skip


def page_of(rows, cursor: int | None, limit: int):
    """One query: `limit + 1` rows after the cursor tell whether another page follows."""
    limit = max(1, min(limit, 200))
    if cursor:
        rows = rows.filter(pk__gt=cursor)
    found = list(rows.order_by("pk")[: limit + 1])
    return found[:limit], (found[limit - 1].pk if len(found) > limit else None)


@api.get("/registrations", response={200: RegistrationPage, **REFUSALS}, auth=KEY, tags=["registrations"])
def registrations(
    request, sitting: Id | None = None, status: str | None = None, region: Id | None = None,
    cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """Registrations, oldest first, filtered by sitting, status and region (item officer)."""
    staff(request, OFFICERS)
    rows = Registration.objects.select_related("candidate", "session", "region")
    filters = {"session_id": sitting, "status": status, "region_id": region}
    rows = rows.filter(**{key: value for key, value in filters.items() if value is not None})
    items, next_cursor = page_of(rows, cursor, limit)
    return {"items": [_registration(r) for r in items], "next_cursor": next_cursor}


@api.get("/registrations/{registration_id}", response={200: RegistrationOut, **REFUSALS}, auth=KEY,
         tags=["registrations"])  # fmt: skip
def registration(request, registration_id: Id):
    staff(request, OFFICERS)
    found = Registration.objects.select_related("candidate", "session", "region").filter(pk=registration_id).first()
    if found is None:
        raise Http404
    return _registration(found)


# --- payments (finance) --------------------------------------------------------------------


class BankFileOut(Schema):
    batch: int
    format: str
    lines: int
    matched: int
    exceptions: int
    duplicates_skipped: int


class CreditOut(Schema):
    id: int
    value_at: dt.datetime
    account_number: str
    amount: int
    payer_name: str
    status: str
    reason: str


CREDIT_FIELDS = ("id", "value_at", "account_number", "amount", "payer_name", "status", "reason")


class CreditPage(Schema):
    items: list[CreditOut]
    next_cursor: int | None


@api.post("/payments/bank-files", response={201: BankFileOut, 400: Problem, 413: Problem, **REFUSALS}, auth=KEY,
          tags=["payments"])  # fmt: skip
def bank_file(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja's declaration)
    """Import the bank's credit file; a malformed file changes nothing and lists its bad lines."""
    staff(request, (R.FINANCE,))
    refusal = size_refusal(file.size)
    if refusal:
        return problem(413, str(refusal))
    try:
        batch = bank_file_import(content=file.read(), filename=file.name, actor=request.user, source="api")
    except BankFileError as error:
        return problem(400, error.message(), lines=[{"line": n, "error": e} for n, e in error.errors])
    return 201, {"batch": batch.pk, "format": batch.file_format, "lines": batch.lines, "matched": batch.matched,
                 "exceptions": batch.exceptions, "duplicates_skipped": batch.duplicates_skipped}  # fmt: skip


@api.get("/payments/exceptions", response={200: CreditPage, **REFUSALS}, auth=KEY, tags=["payments"])
def exceptions(request, cursor: Id | None = None, limit: Limit = 50):
    """The exception queue (credits waiting for finance), oldest first."""
    staff(request, (R.FINANCE,))
    rows = BankCredit.objects.filter(status=CreditStatus.EXCEPTION).only(*CREDIT_FIELDS)
    items, next_cursor = page_of(rows, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


# --- scoring (reviewer, item officer) ------------------------------------------------------


class ImportOut(Schema):
    id: int
    accepted: int
    refused: int
    rows: list[dict]


class OutcomesOut(Schema):
    session: int
    evaluated: int
    certified: int


@api.post("/scoring/sessions/{session_id}/subjects/{subject_id}/{kind}",
          response={201: ImportOut, 400: Problem, **REFUSALS}, auth=KEY, tags=["scoring"])  # fmt: skip
def scoring_upload(
    request, session_id: Id, subject_id: Id, kind: Literal["scores", "responses", "key"],
    file: UploadedFile = File(...),  # noqa: B008
):  # fmt: skip
    """Scores, responses or an answer key for one subject of a sitting, with the row report."""
    staff(request, SCORERS)
    session = ExamSession.objects.filter(pk=session_id).first()
    subject = session and session.level.subjects.filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    try:
        record = score_imports.IMPORTERS[kind](session=session, subject=subject, uploaded_file=file, actor=request.user)
    except ValidationError as error:
        return problem(400, " ".join(error.messages))
    return 201, {"id": record.pk, "accepted": record.accepted, "refused": record.refused, "rows": record.report}


@api.get("/scoring/sessions/{session_id}/outcomes", response={200: OutcomesOut, **REFUSALS}, auth=KEY,
         tags=["scoring"])  # fmt: skip
def outcomes(request, session_id: Id):
    staff(request, SCORERS)
    session = ExamSession.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404
    return {
        "session": session.pk,
        "evaluated": scoring_selectors.sitting_outcomes(session=session).count(),
        "certified": scoring_selectors.certified_in_sitting(session=session).count(),
    }


# --- certificates --------------------------------------------------------------------------


class CertificateOut(Schema):
    id: int
    number: str
    holder_name: str
    level: int
    kind: str
    status: str
    issued_on: dt.date
    valid_until: dt.date | None


class CertificatePage(Schema):
    items: list[CertificateOut]
    next_cursor: int | None


class VerificationOut(Schema):
    found: bool
    number: str
    status: str
    item: str
    level: str
    holder: str
    issued_on: str
    valid_until: str


@api.get("/certificates", response={200: CertificatePage, **REFUSALS}, auth=KEY, tags=["certificates"])
def certificates(request, cursor: Id | None = None, limit: Limit = 50):
    staff(request, (R.REVIEWER, R.ITEM_OFFICER))
    rows = Certificate.objects.only("id", "number", "holder_name", "level_id", "kind", "status", "issued_on",
                                    "valid_until")  # fmt: skip
    items, next_cursor = page_of(rows, cursor, limit)
    return {
        "items": [{"id": c.pk, "number": c.number, "holder_name": c.holder_name, "level": c.level_id, "kind": c.kind,
                   "status": c.status, "issued_on": c.issued_on, "valid_until": c.valid_until} for c in items],
        "next_cursor": next_cursor,
    }  # fmt: skip


@api.get("/certificates/verify", response={200: VerificationOut, 429: Problem, 422: Problem}, tags=["certificates"])
def verify(request, number: str, name: str):
    """Public verification (number and holder's name); every miss answers alike. Rate limited."""
    if throttle.hit(request, VERIFY_PER_IP):
        return problem(429, _("查詢次數過多，請稍後再試。"))
    answer = certificate_selectors.certificate_verify(number=number[:40], name=name[:50])
    return {"found": answer.found, "number": answer.number, "status": answer.status, "item": answer.item,
            "level": answer.level, "holder": answer.holder, "issued_on": answer.issued_on,
            "valid_until": answer.valid_until}  # fmt: skip
