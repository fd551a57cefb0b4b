"""Every door where a candidate uploads a document, set up ready to post to, and the files an
attacker sends. Shared by tests/security/test_upload_*.py and test_document_privilege.py.

An `Endpoint` posts one file through the real form (the test client, multipart) and lists the
documents stored so far with the back-office URL that opens each (None where staff have no view)
and the role that decides on it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import Level
from skillcert.certificates.models import TrainingRecord
from skillcert.core import clock
from skillcert.registrations import services
from skillcert.registrations.models import PlanDocument, RefundAttachment, SpecialNeeds
from skillcert.scoring.models import Dispute
from tests.certificates.factories import certificate, person
from tests.certificates.test_renewal import course
from tests.factories import CandidateFactory, make_session
from tests.portal.test_registration_pages import form_data
from tests.registrations.factories import PNG, register
from tests.scoring import factories as scoring_factories

# A well-formed PDF that is also an HTML page: what the probe uploaded as x.html.
POLYGLOT_PDF = (
    b"%PDF-1.4\n<html><body><script>fetch('/backoffice/').then(r=>r.text()).then(alert)</script></body></html>\n"
    b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
)
# A PDF signature glued in front of an HTML page, and the same trick with a PNG signature.
HTML_BEHIND_PDF_SIGNATURE = b"%PDF-<html><script>alert(document.cookie)</script></html>"
HTML_BEHIND_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>"
# A whole PNG with an HTML page after its end: a browser sniffing it would find the page.
POLYGLOT_PNG = PNG + b"<html><script>alert(document.cookie)</script></html>"


@dataclass
class Endpoint:
    name: str
    post: Callable[[SimpleUploadedFile], object]
    documents: Callable[[], list[tuple[object, str | None]]]  # (FieldFile, staff URL or None)
    deciding_role: StaffRole | None


def upload(name: str, content: bytes, content_type: str = "text/html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _registration_endpoint(client, *, field: str, extra: dict, kind: str) -> Endpoint:
    candidate = CandidateFactory(user__password=None)
    client.force_login(candidate.user)
    session = make_session()
    url = reverse("portal:registration_new", args=[session.pk])
    data = form_data(session, **extra) | {"step": "submit"}
    model = PlanDocument if kind == "plan" else SpecialNeeds

    def documents():
        rows = model.objects.filter(registration__candidate=candidate)
        return [
            (
                row.file if kind == "plan" else row.document,
                reverse("backoffice_tools:registration_document", args=[kind, row.pk]),
            )
            for row in rows
        ]

    return Endpoint(
        f"{kind} document", lambda f: client.post(url, {**data, field: f}), documents, StaffRole.ITEM_OFFICER
    )


def plan_document(client, frozen_now) -> Endpoint:
    return _registration_endpoint(client, field="plan_document", extra={"claimed_plan": "disadvantaged"}, kind="plan")


def special_needs_document(client, frozen_now) -> Endpoint:
    return _registration_endpoint(client, field="special_needs_document", extra={"extra_minutes": "20"}, kind="special")


def refund_attachment(client, frozen_now) -> Endpoint:
    candidate = CandidateFactory(user__password=None)
    client.force_login(candidate.user)
    registration = register(candidate=candidate)
    services.registration_mark_paid(registration=registration)
    url = reverse("portal:refund_new", args=[registration.pk])
    data = {"kind": "full_in_window", "bank_code": "017", "branch_code": "0012",
            "account_number": "123456789", "account_holder": "王小明"}  # fmt: skip

    def documents():
        rows = RefundAttachment.objects.filter(refund__registration=registration)
        return [(row.file, reverse("backoffice_tools:registration_document", args=["refund", row.pk])) for row in rows]

    return Endpoint(
        "refund attachment", lambda f: client.post(url, {**data, "attachment": f}), documents, StaffRole.FINANCE
    )


def renewal_evidence(client, frozen_now) -> Endpoint:
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    owned = certificate(rank=Level.Rank.INTERMEDIATE, candidate=person())
    client.force_login(owned.candidate.user)
    frozen_now(clock.at(dt.date(2031, 4, 10), 9))  # the renewal window
    url = reverse("portal:certificate_renewal", args=[owned.pk])
    data = course(30) | {"action": "add"}

    def documents():
        rows = TrainingRecord.objects.filter(request__certificate=owned)
        return [(row.evidence, reverse("backoffice_tools:certificate_record_evidence", args=[row.pk])) for row in rows]

    return Endpoint(
        "renewal evidence", lambda f: client.post(url, {**data, "evidence": f}), documents, StaffRole.REVIEWER
    )


def dispute_evidence(client, frozen_now) -> Endpoint:
    exam = dt.date(2024, 5, 18)
    frozen_now(clock.at(exam + dt.timedelta(days=2), 10))
    level = scoring_factories.make_level()
    session = scoring_factories.sitting(
        level, exam_date=exam, dispute_opens=exam + dt.timedelta(days=2), dispute_closes=exam + dt.timedelta(days=4)
    )
    candidate = scoring_factories.CandidateFactory(user__password=None)
    scoring_factories.scored(candidate, session, {1: 50, 2: 50})
    client.force_login(candidate.user)
    url = reverse("portal:dispute_new", args=[session.pk])
    data = {"subject": level.subjects.get(number=1).pk, "question": 3, "reason": "B、C 皆可"}

    def documents():  # staff read disputes in a list; no view serves their evidence
        return [(row.evidence, None) for row in Dispute.objects.filter(candidate=candidate).exclude(evidence="")]

    return Endpoint("dispute evidence", lambda f: client.post(url, {**data, "evidence": f}), documents, None)


ENDPOINTS = {
    "plan": plan_document,
    "special_needs": special_needs_document,
    "refund": refund_attachment,
    "renewal": renewal_evidence,
    "dispute": dispute_evidence,
}
