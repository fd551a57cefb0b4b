"""Candidate pages and back-office tools: what each person sees, and who is refused
(the owner, another candidate, a coordinator, staff without the role, an anonymous visitor)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.accounts.models import StaffRole, User
from skillcert.catalog.models import Level
from skillcert.certificates import renewals
from skillcert.certificates.models import CertificateStatus, RequestStatus
from skillcert.core import clock
from tests.certificates.factories import certificate, person
from tests.certificates.test_renewal import PDF, course
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _july_2026(frozen_now):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))


@pytest.fixture
def owned():
    return certificate(rank=Level.Rank.INTERMEDIATE, candidate=person(name_zh="周杰"))


def _outsiders():
    return {
        "another candidate": person().user,
        "coordinator": UserFactory(kind=User.Kind.COORDINATOR, password=None),
        "finance staff": staff_user(StaffRole.FINANCE, password=None),
    }


def _candidate_urls(certificate):
    return [
        reverse("portal:certificate_pdf", args=[certificate.pk]),
        reverse("portal:certificate_proof", args=[certificate.pk]),
        reverse("portal:certificate_renewal", args=[certificate.pk]),
        reverse("portal:certificate_reissue", args=[certificate.pk]),
    ]


def test_owner_sees_the_list_and_downloads_the_pdf_and_proof(client, owned):
    client.force_login(owned.candidate.user)
    page = client.get(reverse("portal:certificate_list")).content.decode()
    assert owned.number in page and "下載證書 PDF" in page and "列印授證資格臨時證明" in page
    for url in _candidate_urls(owned)[:2]:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_nobody_else_reaches_a_candidates_certificate(client, owned):
    for label, user in _outsiders().items():
        client.force_login(user)
        for url in _candidate_urls(owned):
            assert client.get(url).status_code in (403, 404), (label, url)
        if user.kind == User.Kind.CANDIDATE:
            assert owned.number not in client.get(reverse("portal:certificate_list")).content.decode()
    client.logout()
    for url in [*_candidate_urls(owned), reverse("portal:certificate_list")]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_proof_is_withdrawn_once_certificates_have_been_mailed(client, owned, frozen_now):
    owned.proof_until = dt.date(2026, 8, 30)
    owned.save(update_fields=["proof_until"])
    client.force_login(owned.candidate.user)
    assert client.get(_candidate_urls(owned)[1]).status_code == 200
    frozen_now(clock.at(dt.date(2026, 8, 31), 9))
    assert client.get(_candidate_urls(owned)[1]).status_code == 404
    assert "臨時證明" not in client.get(reverse("portal:certificate_list")).content.decode()


def test_renewal_page_adds_a_record_and_refuses_a_fake_upload(client, owned, frozen_now):
    frozen_now(clock.at(dt.date(2031, 4, 10), 9))
    client.force_login(owned.candidate.user)
    url = reverse("portal:certificate_renewal", args=[owned.pk])
    data = course(30) | {"action": "add"}
    bad = client.post(url, data | {"evidence": SimpleUploadedFile("x.pdf", b"just text", "application/pdf")})
    assert bad.status_code == 400 and "只接受 PDF" in bad.content.decode()
    assert client.post(url, data | {"evidence": SimpleUploadedFile("x.pdf", PDF, "application/pdf")}).status_code == 302
    page = client.get(url).content.decode()
    assert "智慧製造實務" in page and "30 小時" in page
    response = client.post(url, {"action": "submit"}, follow=True)
    assert "48" in response.content.decode()  # not enough hours yet: said plainly, nothing lost
    assert owned.renewals.get().records.count() == 1


def test_reissue_page_outside_a_window_says_when(client, owned):
    client.force_login(owned.candidate.user)
    response = client.get(reverse("portal:certificate_reissue", args=[owned.pk]))
    assert "目前不是證書補發受理期間" in response.content.decode()


def test_reviewer_checks_records_and_approves_a_renewal(client, owned, frozen_now):
    frozen_now(clock.at(dt.date(2031, 4, 10), 9))
    request = renewals.renewal_open(certificate=owned)
    record = renewals.training_record_add(
        request=request, data=course(48), evidence=SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    renewals.renewal_submit(request=request)
    reviewer = staff_user(StaffRole.REVIEWER, password=None)
    client.force_login(reviewer)
    assert owned.number in client.get(reverse("backoffice_tools:certificate_queue")).content.decode()
    detail = reverse("backoffice_tools:certificate_renewal", args=[request.pk])
    assert "智慧製造實務" in client.get(detail).content.decode()
    assert client.get(reverse("backoffice_tools:certificate_record_evidence", args=[record.pk])).status_code == 200
    client.post(reverse("backoffice_tools:certificate_record_check", args=[record.pk]), {"check": "accepted"})
    client.post(reverse("backoffice_tools:certificate_renewal_decide", args=[request.pk]), {"decision": "approve"})
    request.refresh_from_db()
    owned.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and owned.status == CertificateStatus.REPLACED


def test_reviewer_revokes_with_a_reason(client, owned):
    client.force_login(staff_user(StaffRole.REVIEWER, password=None))
    url = reverse("backoffice_tools:certificate_revoke")
    assert "周杰" in client.get(url, {"number": owned.number}).content.decode()
    client.post(url, {"number": owned.number, "reason": ""})
    owned.refresh_from_db()
    assert owned.status == CertificateStatus.VALID
    client.post(url, {"number": owned.number, "reason": "冒名頂替應考"})
    owned.refresh_from_db()
    assert owned.status == CertificateStatus.REVOKED and owned.revoked_reason == "冒名頂替應考"


def test_back_office_tools_need_the_reviewer_role(client, owned):
    urls = [reverse("backoffice_tools:certificate_queue"), reverse("backoffice_tools:certificate_revoke")]
    for label, user in _outsiders().items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), (label, url)
        assert client.post(urls[1], {"number": owned.number, "reason": "x"}).status_code in (302, 403)
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)
    owned.refresh_from_db()
    assert owned.status == CertificateStatus.VALID


def test_admin_lists_certificates_read_only(client, owned):
    admin_user = staff_user(StaffRole.ADMIN, password=None)
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    client.force_login(admin_user)
    listing = client.get(reverse("backoffice:certificates_certificate_changelist"))
    assert listing.status_code == 200 and owned.number in listing.content.decode()
    assert client.get(reverse("backoffice:certificates_certificate_add")).status_code == 403


def test_verification_form_is_public(client):
    response = client.get(reverse("certificates:verify"))
    assert response.status_code == 200 and "證書字號" in response.content.decode()
    assert "data-status" not in response.content.decode()


def test_reissue_page_in_a_window_takes_the_application_and_shows_the_account(client, frozen_now):
    from tests.certificates.factories import level_of, windows

    frozen_now(clock.at(dt.date(2026, 3, 2), 9))
    level = level_of(Level.Rank.BEGINNER)
    windows(level)
    held = certificate(level=level, candidate=person())
    frozen_now(clock.at(dt.date(2026, 9, 3), 9))
    client.force_login(held.candidate.user)
    url = reverse("portal:certificate_reissue", args=[held.pk])
    missing = client.post(url, {"reason": "correction", "correction": ""})
    assert "改註後應為" in missing.content.decode() and not held.reissues.exists()
    client.post(url, {"reason": "lost"})
    request = held.reissues.get()
    page = client.get(url).content.decode()
    assert request.virtual_account_number and request.virtual_account_number in page and "待繳費" in page
