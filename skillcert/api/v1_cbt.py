"""API v1, the computer-based test (staff): the item bank's items with their versions, test
forms (draft or frozen) with their questions, a sitting's attempts with their progress, a form's
item analysis, and one item as a QTI 2.2 package. Reads through `cbt.selectors`,
`cbt.testforms` and `cbt.analysis`; who sees what is `cbt.access` (the key — an item's correct
option — only to `access.KEY_READERS`)."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Schema

from skillcert.accounts.models import StaffRole
from skillcert.cbt import access, analysis, qti, rules, selectors, testforms
from skillcert.cbt.models import Attempt, ItemVersion, TestForm

from .auth import may_act
from .v1 import KEY, REFUSALS, Id, Limit, api, page_of, staff
from .v1_examday import sitting_exists
from .v1_more import one

BANK_READERS = (*access.WRITERS, *access.FORM_BUILDERS)  # as the back office's item bank (backoffice/cbt.py)
# Attempts are the proctors' (venue staff) and the item officer's, who runs the sitting.
ATTEMPT_READERS = (StaffRole.ITEM_OFFICER, StaffRole.VENUE)
TAGS = ["cbt"]


class VersionOut(Schema):
    id: int
    number: int
    status: str
    topic: str
    difficulty: int
    stem: str
    options: list[str]
    correct: str | None  # the key's letter; null for a caller who may not see keys
    has_figure: bool
    figure_alt: str
    created_at: dt.datetime


class ItemOut(Schema):
    id: int
    code: str
    subject: int
    created_at: dt.datetime
    versions: list[VersionOut]


class ItemPage(Schema):
    items: list[ItemOut]
    next_cursor: int | None


class FormOut(Schema):
    id: int
    period: int
    sitting: int
    subject: int
    subject_name: str
    status: str
    shuffle_options: bool
    assembled_at: dt.datetime
    frozen_at: dt.datetime | None
    questions: int


class FormPage(Schema):
    items: list[FormOut]
    next_cursor: int | None


class FormQuestionOut(Schema):
    position: int
    item: int
    code: str
    version: int
    version_number: int
    points: float
    correct: str | None


class FormDetailOut(FormOut):
    items: list[FormQuestionOut]


class AttemptOut(Schema):
    id: int
    registration: int
    admission_number: str | None
    form: int
    room: int
    status: str
    signed_in_at: dt.datetime
    started_at: dt.datetime | None
    ends_at: dt.datetime
    submitted_at: dt.datetime | None
    auto_submitted: bool
    questions: int
    answered: int
    flagged: int
    last_saved_at: dt.datetime | None


class AttemptPage(Schema):
    items: list[AttemptOut]
    next_cursor: int | None


class ItemStatsOut(Schema):
    position: int
    code: str
    key: str
    p: float
    point_biserial: float | None
    upper_lower: float | None
    choices: dict[str, float]
    flag_rate: float
    mean_seconds: float
    negative: bool


class AnalysisOut(Schema):
    form: int
    attempts: int
    items: list[ItemStatsOut]


def _version(version: ItemVersion, keys: bool) -> dict:
    return {"id": version.pk, "number": version.number, "status": version.status, "topic": version.topic.code,
            "difficulty": version.difficulty, "stem": version.stem, "options": version.options,
            "correct": rules.letter(version.correct) if keys else None, "has_figure": bool(version.figure),
            "figure_alt": version.figure_alt, "created_at": version.created_at}  # fmt: skip


def _item(item, keys: bool) -> dict:
    return {"id": item.pk, "code": item.code, "subject": item.subject_id, "created_at": item.created_at,
            "versions": [_version(v, keys) for v in item.versions.all()]}  # fmt: skip


def _form(form: TestForm) -> dict:
    return {"id": form.pk, "period": form.sitting_id, "sitting": form.sitting.session_id,
            "subject": form.sitting.subject_id, "subject_name": form.sitting.subject.name, "status": form.status,
            "shuffle_options": form.shuffle_options, "assembled_at": form.assembled_at, "frozen_at": form.frozen_at,
            "questions": form.questions}  # fmt: skip


@api.get("/cbt/items", response={200: ItemPage, **REFUSALS}, auth=KEY, tags=TAGS)
def items(
    request, subject: Id | None = None, status: Literal[tuple(ItemVersion.Status.values)] | None = None,
    cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """The item bank (item writers and reviewers, item officer), every version newest first;
    `status` keeps items with a version in that status. The key only to writers and reviewers."""
    staff(request, BANK_READERS)
    found, next_cursor = page_of(selectors.bank_items(subject_id=subject, status=status), cursor, limit)
    keys = may_act(request, access.KEY_READERS)
    return {"items": [_item(i, keys) for i in found], "next_cursor": next_cursor}


@api.get("/cbt/items/{item_id}", response={200: ItemOut, **REFUSALS}, auth=KEY, tags=TAGS)
def item(request, item_id: Id):
    staff(request, BANK_READERS)
    return _item(one(selectors.bank_items(), item_id), may_act(request, access.KEY_READERS))


@api.get("/cbt/items/{item_id}/qti", response={200: None, **REFUSALS}, auth=KEY, tags=TAGS,
         openapi_extra={"responses": {"200": {"description": "QTI 2.2 content package (zip)", "content": {
             "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}})  # fmt: skip
def item_qti(request, item_id: Id):
    """The item's newest version as a QTI 2.2 package (it carries the key: writers and
    reviewers only); audited."""
    staff(request, access.KEY_READERS)
    found = one(selectors.bank_items(), item_id)
    response = HttpResponse(qti.item_export(item=found, actor=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="qti-item-{found.pk}.zip"'
    return response


@api.get("/cbt/forms", response={200: FormPage, **REFUSALS}, auth=KEY, tags=TAGS)
def forms(
    request, sitting: Id | None = None, subject: Id | None = None,
    status: Literal[tuple(TestForm.Status.values)] | None = None, cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """Test forms (item reviewers, item officer), by sitting, subject and status (draft, frozen)."""
    staff(request, access.FORM_BUILDERS)
    rows = selectors.test_forms(session_id=sitting, subject_id=subject, status=status)
    found, next_cursor = page_of(rows, cursor, limit)
    return {"items": [_form(f) for f in found], "next_cursor": next_cursor}


@api.get("/cbt/forms/{form_id}", response={200: FormDetailOut, **REFUSALS}, auth=KEY, tags=TAGS)
def form(request, form_id: Id):
    """A form with its questions in order; the key only to item reviewers."""
    staff(request, access.FORM_BUILDERS)
    found = one(selectors.test_forms(), form_id)
    keys = may_act(request, access.KEY_READERS)
    questions = [
        {"position": q.position, "item": q.version.item_id, "code": q.version.item.code, "version": q.version_id,
         "version_number": q.version.number, "points": float(q.points),
         "correct": rules.letter(q.version.correct) if keys else None}
        for q in testforms.form_items(form=found)
    ]  # fmt: skip
    return {**_form(found), "items": questions}


@api.get("/cbt/forms/{form_id}/analysis", response={200: AnalysisOut, **REFUSALS}, auth=KEY, tags=TAGS)
def form_analysis(request, form_id: Id):
    """Item analysis of the form's submitted attempts (item reviewers, item officer, scoring's
    reviewers): facility, discrimination, option shares, flags, time."""
    staff(request, access.ANALYSTS)
    found = one(TestForm.objects.all(), form_id)
    count, stats = analysis.form_item_analysis(form=found)
    return {"form": found.pk, "attempts": count,
            "items": [{**s.__dict__, "negative": s.negative} for s in stats]}  # fmt: skip


@api.get("/cbt/sittings/{sitting_id}/attempts", response={200: AttemptPage, **REFUSALS}, auth=KEY, tags=TAGS)
def attempts(
    request, sitting_id: Id, period: Id | None = None, room: Id | None = None,
    status: Literal[tuple(Attempt.Status.values)] | None = None, cursor: Id | None = None, limit: Limit = 50,
):  # fmt: skip
    """A sitting's computer-based attempts with their progress (venue staff, item officer),
    by subject period, room and status."""
    staff(request, ATTEMPT_READERS)
    sitting_exists(sitting_id)
    rows = selectors.sitting_attempts(session_id=sitting_id, period_id=period, room_id=room, status=status)
    found, next_cursor = page_of(rows, cursor, limit)
    return {
        "items": [{"id": a.pk, "registration": a.registration_id, "admission_number": a.registration.admission_number,
                   "form": a.form_id, "room": a.opening.room_id, "status": a.status, "signed_in_at": a.signed_in_at,
                   "started_at": a.started_at, "ends_at": a.ends_at, "submitted_at": a.submitted_at,
                   "auto_submitted": a.auto_submitted, "questions": a.questions or 0, "answered": a.answered,
                   "flagged": a.flagged_count, "last_saved_at": a.last_saved} for a in found],
        "next_cursor": next_cursor,
    }  # fmt: skip
