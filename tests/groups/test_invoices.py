"""The group's invoice per remittance as a PDF: the group's own coordinators and finance
read it; another coordinator, a candidate and staff of other roles do not; anonymous → login."""

import datetime as dt

import pytest

from skillcert.core.pdf import pdf_text
from skillcert.groups.remittances import remittance_record
from skillcert.groups.selectors import amount_due
from skillcert.groups.upload import upload_apply
from skillcert.payments.einvoice import tax_split
from tests.factories import CandidateFactory, StaffRole, staff_user
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 20)


@pytest.fixture
def invoiced():
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(3)), actor=None)
    total = amount_due(sitting=sitting)
    remittance = remittance_record(
        sitting=sitting, amount=total, remitted_on=DAY, bank_reference="TX-INV-1", actor=staff_user(StaffRole.FINANCE)
    )
    return coordinator, remittance.invoice


def url(invoice):
    return f"/group/invoices/{invoice.pk}.pdf"


def test_the_coordinator_downloads_the_invoice_pdf_with_every_figure(client, invoiced):
    coordinator, invoice = invoiced
    client.force_login(coordinator.user)
    sitting_page = client.get(f"/group/sittings/{invoice.remittance.group_sitting_id}/").content.decode()
    assert url(invoice) in sitting_page

    response = client.get(url(invoice))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace(" ", "")
    sales, tax = tax_split(invoice.amount, b2b=True)
    assert invoice.number in text and "115/03/20" in text
    assert invoice.title in text and invoice.business_number in text
    assert f"NT${invoice.amount:,}" in text and f"NT${sales:,}" in text and f"NT${tax:,}" in text
    fee = invoice.amount // 3  # three candidates at one fee: one line, quantity 3
    assert f"團體報名費　3　NT${fee:,}　NT${invoice.amount:,}" in text


def test_others_cannot_read_the_group_invoice(client, invoiced):
    _coordinator, invoice = invoiced
    for user in (make_coordinator().user, CandidateFactory().user, staff_user(StaffRole.FINANCE)):
        client.force_login(user)
        assert client.get(url(invoice)).status_code == 404
    client.logout()
    assert client.get(url(invoice)).status_code == 302


def test_finance_reads_the_group_invoice_in_the_back_office_and_other_roles_do_not(client, invoiced):
    coordinator, invoice = invoiced
    target = f"/backoffice/tools/invoices/groups/{invoice.pk}.pdf"
    client.force_login(staff_user(StaffRole.FINANCE))
    response = client.get(target)
    assert response.status_code == 200 and invoice.number in pdf_text(response.content)
    for user in (staff_user(StaffRole.VENUE), coordinator.user, CandidateFactory().user):
        client.force_login(user)
        assert client.get(target).status_code == 403
    client.logout()
    assert client.get(target).status_code == 302
