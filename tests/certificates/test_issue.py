"""Automatic, idempotent issue; validity by level; expiry; revocation; withdrawal; backfill."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from skillcert.catalog.models import Level
from skillcert.certificates import selectors
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.models import Certificate, CertificateStatus
from skillcert.certificates.services import certificate_issue, certificate_revoke, certificates_issue_missing
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.scoring.evaluation import certification_evaluate
from skillcert.scoring.models import Outcome
from skillcert.scoring.services import score_record
from tests.certificates.factories import certificate, certify, level_of
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _july_2026(frozen_now):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))


def test_a_certified_candidate_gets_a_certificate_without_applying(django_capture_on_commit_callbacks, mailoutbox):
    level = level_of(Level.Rank.BEGINNER)
    candidate = CandidateFactory(name_zh="林美華")
    outcome = certify(candidate, level, django_capture_on_commit_callbacks, mailed_from=dt.date(2026, 7, 31))
    [issued] = Certificate.objects.filter(candidate=candidate)
    assert issued.outcome == outcome and issued.status == CertificateStatus.VALID
    assert issued.holder_name == "林美華" and issued.number.startswith("SPE-115-L1-000001-")
    assert issued.valid_until is None  # 初級 永久有效
    assert issued.proof_until == dt.date(2026, 8, 30)
    assert any(issued.number in message.subject for message in mailoutbox)
    assert [e.action for e in history(issued)] == ["certificate.issued"]


def test_not_certified_means_no_certificate(django_capture_on_commit_callbacks):
    level = level_of(Level.Rank.BEGINNER)
    candidate = CandidateFactory()
    certify(candidate, level, django_capture_on_commit_callbacks, scores={1: 58, 2: 82})
    assert not Certificate.objects.exists()


def test_issue_is_idempotent_and_the_database_refuses_a_second_valid_certificate():
    level = level_of(Level.Rank.BEGINNER)
    candidate = CandidateFactory()
    first = certificate_issue(candidate=candidate, level=level)
    assert certificate_issue(candidate=candidate, level=level) == first
    assert Certificate.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            number="X", candidate=candidate, level=level, holder_name="x", issued_on=first.issued_on,
            valid_from=first.valid_from,
        )  # fmt: skip


def test_intermediate_is_valid_five_years_then_expired(frozen_now):
    issued = certificate(rank=Level.Rank.INTERMEDIATE)
    assert (issued.valid_from, issued.valid_until) == (dt.date(2026, 7, 1), dt.date(2031, 6, 30))
    assert selectors.display_status(issued, dt.date(2031, 6, 30)) == "valid"
    assert selectors.display_status(issued, dt.date(2031, 7, 1)) == "expired"
    assert selectors.display_status(certificate(rank=Level.Rank.BEGINNER), dt.date(2099, 1, 1)) == "valid"


def test_revocation_needs_a_reason_and_is_audited(mailoutbox):
    issued = certificate()
    staff = CandidateFactory().user
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=issued, reason="  ", actor=staff)
    certificate_revoke(certificate=issued, reason="冒名頂替", actor=staff)
    issued.refresh_from_db()
    assert issued.status == CertificateStatus.REVOKED and issued.revoked_reason == "冒名頂替"
    entry = history(issued).last()
    assert (entry.action, entry.reason, entry.actor) == ("certificate.revoked", "冒名頂替", staff)
    with pytest.raises(CertificateError):
        certificate_revoke(certificate=issued, reason="again")


def test_a_corrected_score_that_withdraws_certification_revokes_the_certificate(django_capture_on_commit_callbacks):
    level = level_of(Level.Rank.BEGINNER)
    candidate = CandidateFactory()
    certify(candidate, level, django_capture_on_commit_callbacks)
    row = candidate.scores.get(subject__number=1).registration_subject
    with django_capture_on_commit_callbacks(execute=True):
        score_record(registration_subject=row, attendance="present", raw_score=50)
        certification_evaluate(candidate=candidate, level=level)
    assert Certificate.objects.get(candidate=candidate).status == CertificateStatus.REVOKED


def test_backfill_issues_what_is_owed_once():
    level = level_of(Level.Rank.BEGINNER)
    people = [CandidateFactory() for _ in range(3)]
    for person in people:
        Outcome.objects.create(candidate=person, level=level, certified=True, evaluated_at=clock.now())
    certificate_issue(candidate=people[0], level=level)
    certificate_revoke(certificate=certificate_issue(candidate=people[1], level=level), reason="舞弊")
    other_level = level_of(Level.Rank.INTERMEDIATE)
    certificate_issue(candidate=people[2], level=other_level)  # a certificate elsewhere does not count
    assert certificates_issue_missing(level=level) == 1
    assert certificates_issue_missing(level=level) == 0
    assert people[2].certificates.filter(level=level).exists()
    serials = sorted(
        int(n.split("-")[3]) for n in Certificate.objects.filter(level=level).values_list("number", flat=True)
    )
    assert serials == [1, 2, 3]
