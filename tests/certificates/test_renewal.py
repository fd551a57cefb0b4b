"""換發: only 中級, only in the last three months, ≥48 accepted training hours, records inside
the validity period with evidence checked by content; approval replaces the old certificate."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.catalog.models import Level
from skillcert.certificates import renewals
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.models import CertificateKind, CertificateStatus, RequestStatus, TrainingRecord
from skillcert.core import clock
from tests.certificates.factories import certificate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="course.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def course(hours, *, start=dt.date(2027, 3, 1), kind=TrainingRecord.Kind.COURSE):
    return {
        "kind": kind, "organisation": "工研院產業學院", "title": "智慧製造實務", "started_on": start,
        "ended_on": start + dt.timedelta(days=2), "hours": hours, "relevance": "與生產排程直接相關",
    }  # fmt: skip


@pytest.fixture
def middle(frozen_now):
    """A 中級 certificate issued 115/07/01, valid until 120/06/30 (renewal window 120/04/01~)."""
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    return certificate(rank=Level.Rank.INTERMEDIATE)


def test_only_in_the_last_three_months(middle, frozen_now):
    frozen_now(clock.at(dt.date(2031, 3, 31), 9))
    with pytest.raises(CertificateError, match="120/04/01～120/06/30"):
        renewals.renewal_open(certificate=middle)
    frozen_now(clock.at(dt.date(2031, 4, 1), 9))
    assert renewals.renewal_open(certificate=middle).status == RequestStatus.DRAFT
    frozen_now(clock.at(dt.date(2031, 7, 1), 9))
    assert "有效的證書" in renewals.renewal_refusal(certificate=middle)


def test_beginner_certificates_are_permanent_and_not_renewed(frozen_now):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    with pytest.raises(CertificateError, match="永久有效"):
        renewals.renewal_open(certificate=certificate(rank=Level.Rank.BEGINNER))


def test_records_need_a_real_document_and_dates_inside_the_validity(middle, frozen_now):
    frozen_now(clock.at(dt.date(2031, 4, 15), 9))
    request = renewals.renewal_open(certificate=middle)
    fake = SimpleUploadedFile("course.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(Exception, match="PDF"):
        renewals.training_record_add(request=request, data=course(24), evidence=fake)
    with pytest.raises(CertificateError, match="有效期間內"):
        renewals.training_record_add(request=request, data=course(24, start=dt.date(2026, 1, 1)), evidence=pdf_file())
    assert not request.records.exists()


def test_48_hours_approved_renews_for_five_more_years(
    middle, frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    frozen_now(clock.at(dt.date(2031, 4, 15), 9))
    request = renewals.renewal_open(certificate=middle)
    renewals.training_record_add(request=request, data=course(24), evidence=pdf_file())
    with pytest.raises(CertificateError, match="48"):
        renewals.renewal_submit(request=request)
    renewals.training_record_add(request=request, data=course(24, start=dt.date(2029, 5, 1)), evidence=pdf_file())
    renewals.renewal_submit(request=request)
    first, second = request.records.all()
    renewals.training_record_check(record=first, accepted=True)
    with pytest.raises(CertificateError, match="未檢核"):
        renewals.renewal_decide(request=request, decision="approve")
    renewals.training_record_check(record=second, accepted=True)
    with django_capture_on_commit_callbacks(execute=True):
        request = renewals.renewal_decide(request=request, decision="approve")
    middle.refresh_from_db()
    new = request.new_certificate
    assert request.status == RequestStatus.APPROVED and middle.status == CertificateStatus.REPLACED
    assert new.kind == CertificateKind.RENEWAL and new.replaces == middle and new.number != middle.number
    assert (new.valid_from, new.valid_until) == (dt.date(2031, 7, 1), dt.date(2036, 6, 30))
    assert any(new.number in m.subject for m in mailoutbox)


def test_a_refused_record_leaves_too_few_hours_and_work_records_count_no_hours(middle, frozen_now):
    frozen_now(clock.at(dt.date(2031, 4, 15), 9))
    request = renewals.renewal_open(certificate=middle)
    work = renewals.training_record_add(
        request=request, data=course(300, kind=TrainingRecord.Kind.WORK), evidence=pdf_file()
    )
    assert work.hours == 0
    renewals.training_record_add(request=request, data=course(30), evidence=pdf_file())
    renewals.training_record_add(request=request, data=course(20), evidence=pdf_file())
    renewals.renewal_submit(request=request)
    records = list(request.records.order_by("pk"))
    renewals.training_record_check(record=records[0], accepted=True)
    renewals.training_record_check(record=records[1], accepted=True)
    renewals.training_record_check(record=records[2], accepted=False, note="與鑑定項目無關")
    with pytest.raises(CertificateError, match="30"):
        renewals.renewal_decide(request=request, decision="approve")
    with pytest.raises(CertificateError):
        renewals.renewal_decide(request=request, decision="return", note="")
    renewals.renewal_decide(request=request, decision="return", note="請補 18 小時課程證明")
    request.refresh_from_db()
    assert request.status == RequestStatus.RETURNED
    middle.refresh_from_db()
    assert middle.status == CertificateStatus.VALID
