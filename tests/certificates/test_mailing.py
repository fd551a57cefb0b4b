"""證書寄發: a print batch per sitting, its address list and PDF, 'mailed' (audited); the holder
sees the date and the temporary proof ends after the grace."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.certificates import mailing, rules
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.models import Certificate, PrintBatch
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.core.pdf import pdf_text
from skillcert.scoring.evaluation import certification_evaluate
from tests.certificates.factories import certify, level_of, person
from tests.factories import staff_user
from tests.scoring.factories import scored

pytestmark = pytest.mark.django_db
TOOLS = "/backoffice/tools/certificates/mailing/"


@pytest.fixture
def issued(frozen_now, django_capture_on_commit_callbacks):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    level = level_of()
    first = person(name_zh="周杰", postal_address='=HYPERLINK("http://evil")')
    certify(first, level, django_capture_on_commit_callbacks)
    session = Certificate.objects.get(candidate=first).outcome.sitting
    second = person(name_zh="林美玲")
    with django_capture_on_commit_callbacks(execute=True):
        scored(second, session, {1: 68, 2: 72})
        certification_evaluate(candidate=second, level=level)
    return session, list(Certificate.objects.filter(outcome__sitting=session).order_by("number"))


def test_staff_batch_download_and_mark_mailed(client, issued, frozen_now):
    session, certificates = issued
    roles_setup()
    staff = staff_user(StaffRole.REVIEWER)
    client.force_login(staff)
    assert "待印製證書：2 張" in client.get(TOOLS).content.decode()
    client.post(reverse("backoffice_tools:certificate_batch_create", args=[session.pk]))
    batch = PrintBatch.objects.get()
    assert set(batch.certificates.all()) == set(certificates)
    assert history(batch).filter(action="certificates.print_batch_created").exists()

    sheet = load_workbook(io.BytesIO(client.get(f"{TOOLS}batches/{batch.pk}/addresses.xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [c.number for c in certificates]
    evil = next(r for r in rows if r[1] == "周杰")[2]
    assert evil.startswith("'=")  # formula-safe
    pdf = client.get(f"{TOOLS}batches/{batch.pk}/certificates.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "周杰" in pdf_text(pdf.content, page=0) + pdf_text(pdf.content, page=1)
    assert "林美玲" in pdf_text(pdf.content, page=0) + pdf_text(pdf.content, page=1)

    client.post(f"{TOOLS}batches/{batch.pk}/mailed/", {"mailed_on": "2026-07-01"})
    batch.refresh_from_db()
    assert batch.mailed_on == dt.date(2026, 7, 1) and batch.mailed_by == staff
    assert history(batch).filter(action="certificates.print_batch_mailed").exists()
    ends = rules.proof_until(dt.date(2026, 7, 1))
    assert {c.proof_until for c in Certificate.objects.filter(print_batch=batch)} == {ends}

    owner = certificates[0].candidate
    client.force_login(owner.user)
    page = client.get(reverse("portal:certificate_list")).content.decode()
    assert "已於 115/07/01(三) 掛號寄出" in page and "列印授證資格臨時證明" in page
    frozen_now(clock.at(ends + dt.timedelta(days=1), 9))
    page = client.get(reverse("portal:certificate_list")).content.decode()
    assert "列印授證資格臨時證明" not in page
    assert client.get(reverse("portal:certificate_proof", args=[certificates[0].pk])).status_code == 404


def test_the_service_refuses_empty_batches_future_dates_and_a_second_mailing(issued):
    session, _ = issued
    batch = mailing.print_batch_create(session=session, actor=None)
    with pytest.raises(CertificateError, match="沒有待印製的證書"):
        mailing.print_batch_create(session=session, actor=None)
    with pytest.raises(CertificateError, match="不可晚於今天"):
        mailing.print_batch_mark_mailed(batch=batch, mailed_on=dt.date(2026, 7, 2), actor=None)
    mailing.print_batch_mark_mailed(batch=batch, mailed_on=dt.date(2026, 6, 30), actor=None)
    with pytest.raises(CertificateError, match="已於"):
        mailing.print_batch_mark_mailed(batch=batch, mailed_on=dt.date(2026, 7, 1), actor=None)


def test_only_the_reviewer_role_reaches_the_tools(client, issued):
    session, _ = issued
    roles_setup()
    batch = mailing.print_batch_create(session=session, actor=None)
    urls = [TOOLS, f"{TOOLS}batches/{batch.pk}/addresses.xlsx", f"{TOOLS}batches/{batch.pk}/certificates.pdf"]
    client.force_login(staff_user(StaffRole.FINANCE))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(f"{TOOLS}batches/{batch.pk}/mailed/", {"mailed_on": "2026-07-01"}).status_code == 403
    client.force_login(issued[1][0].candidate.user)
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302
    batch.refresh_from_db()
    assert batch.mailed_on is None
