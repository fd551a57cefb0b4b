"""Individuals' e-invoice data: validated with clear messages, saved on its own model for the
registration, edited on the candidate's page until issued, issued when the payment is confirmed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from skillcert.payments.invoices import invoice_data_clean, invoice_request_save
from skillcert.payments.models import AccountStatus, InvoiceRequest
from skillcert.payments.services import virtual_account_confirm
from tests.factories import CandidateFactory
from tests.groups.factories import make_coordinator
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db

GOOD = {
    "mobile": {"carrier_id": "/ab+1.-9"},
    "citizen": {"carrier_id": "AB12345678901234"},
    "donation": {"donation_code": "8585"},
    "company": {"company_title": "示範科技股份有限公司", "business_number": "04595257"},
}
BAD = [
    ("mobile", {"carrier_id": "/ABC123"}, "carrier_id", "加 7 碼"),  # 6 characters after the slash
    ("mobile", {"carrier_id": "ABC12345"}, "carrier_id", "7 碼"),  # no slash
    ("citizen", {"carrier_id": "A123456789012345"}, "carrier_id", "2 碼大寫英文字母加 14 碼數字"),
    ("donation", {"donation_code": "12"}, "donation_code", "3 至 7 碼"),
    ("donation", {"donation_code": "12345678"}, "donation_code", "3 至 7 碼"),
    ("company", {"company_title": "某公司", "business_number": "04595258"}, "business_number", "檢查碼"),
    ("company", {"company_title": "", "business_number": "04595257"}, "company_title", "抬頭"),
]


@pytest.mark.parametrize("kind", list(GOOD))
def test_each_kind_accepts_its_data_and_keeps_only_that(kind):
    clean = invoice_data_clean(kind=kind, **GOOD[kind])
    given = {name: value.upper() if name == "carrier_id" else value for name, value in GOOD[kind].items()}
    assert {name: value for name, value in clean.items() if value} == given


@pytest.mark.parametrize(("kind", "values", "field", "words"), BAD)
def test_bad_data_is_refused_on_its_field_with_a_clear_message(kind, values, field, words):
    with pytest.raises(ValidationError) as refused:
        invoice_data_clean(kind=kind, **values)
    message = " ".join(refused.value.message_dict[field])
    assert words in message


def test_a_bad_change_keeps_what_was_saved():
    registration = register()
    invoice_request_save(registration=registration, actor=None, kind="donation", donation_code="8585")
    with pytest.raises(ValidationError):
        invoice_request_save(registration=registration, actor=None, kind="mobile", carrier_id="/AB")
    saved = InvoiceRequest.objects.get(registration=registration)
    assert (saved.kind, saved.donation_code, saved.carrier_id) == ("donation", "8585", "")


def test_confirmed_payment_issues_the_invoice_once_and_then_it_cannot_change(django_capture_on_commit_callbacks):
    registration = register()
    invoice_request_save(registration=registration, actor=None, kind="mobile", carrier_id="/ABC1234")
    account = registration.virtual_accounts.get(status=AccountStatus.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        virtual_account_confirm(account=account, actor=None, reason="test")
    invoice = InvoiceRequest.objects.get(registration=registration)
    assert invoice.number.startswith("IN") and len(invoice.number) == 10
    assert invoice.amount == account.amount
    with django_capture_on_commit_callbacks(execute=True):
        virtual_account_confirm(account=account, actor=None, reason="again")
    assert InvoiceRequest.objects.get(pk=invoice.pk).number == invoice.number
    with pytest.raises(ValidationError, match="已開立"):
        invoice_request_save(registration=registration, actor=None, kind="donation", donation_code="8585")


# ---------------------------------------------------------------- the candidate's page


def page(registration):
    return f"/portal/invoices/registrations/{registration.pk}/"


def test_the_owner_gives_and_edits_the_invoice_data(client):
    registration = register()
    client.force_login(registration.candidate.user)
    assert client.get(page(registration)).status_code == 200
    response = client.post(page(registration), {"kind": "company", **GOOD["company"]})
    assert response.status_code == 302
    response = client.post(page(registration), {"kind": "citizen", "carrier_id": "ab12345678901234"})
    saved = InvoiceRequest.objects.get(registration=registration)
    assert (saved.kind, saved.carrier_id, saved.business_number) == ("citizen", "AB12345678901234", "")


@pytest.mark.parametrize(("kind", "values", "field", "words"), BAD)
def test_bad_input_on_the_page_is_a_400_with_the_message_and_changes_nothing(client, kind, values, field, words):
    registration = register()
    invoice_request_save(registration=registration, actor=None, kind="donation", donation_code="8585")
    client.force_login(registration.candidate.user)
    response = client.post(page(registration), {"kind": kind, **values})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert InvoiceRequest.objects.get(registration=registration).donation_code == "8585"


def test_others_cannot_reach_the_invoice_page(client):
    registration = register()
    client.force_login(CandidateFactory().user)
    assert client.get(page(registration)).status_code == 404
    assert client.post(page(registration), {"kind": "donation", "donation_code": "8585"}).status_code == 404
    client.force_login(make_coordinator().user)
    assert client.get(page(registration)).status_code == 403
    client.logout()
    assert client.get(page(registration)).status_code == 302
    assert not InvoiceRequest.objects.exists()


# ---------------------------------------------------------------- certificate reissue applicants


@pytest.fixture
def reissue(frozen_now):
    """A reissue application awaiting its fee (inside the 115/05/01–05 window)."""
    from skillcert.catalog.models import Level
    from skillcert.certificates import reissues
    from skillcert.core import clock
    from tests.certificates.factories import certificate, level_of, windows

    frozen_now(clock.at(dt.date(2026, 3, 2), 9))
    level = level_of(Level.Rank.INTERMEDIATE)
    windows(level)
    held = certificate(level=level)
    frozen_now(clock.at(dt.date(2026, 5, 2), 10))
    return reissues.reissue_request(certificate=held, reason="lost")


def test_a_reissue_applicant_gives_invoice_data_and_the_paid_fee_issues_it(
    client, reissue, django_capture_on_commit_callbacks
):
    from skillcert.payments.models import VirtualAccount

    url = f"/portal/invoices/reissues/{reissue.pk}/"
    client.force_login(reissue.certificate.candidate.user)
    bad = client.post(url, {"kind": "donation", "donation_code": "12"})
    assert bad.status_code == 400 and "3 至 7 碼" in bad.content.decode()
    assert not InvoiceRequest.objects.exists()
    assert client.post(url, {"kind": "donation", "donation_code": "8585"}).status_code == 302
    account = VirtualAccount.objects.get(purpose="certificate_reissue", reference=reissue.payment_reference)
    with django_capture_on_commit_callbacks(execute=True):
        virtual_account_confirm(account=account, actor=None, reason="bank file")
    invoice = InvoiceRequest.objects.get(reissue=reissue)
    assert invoice.number and invoice.amount == reissue.fee and invoice.donation_code == "8585"


def test_others_cannot_reach_a_reissue_invoice_page(client, reissue):
    url = f"/portal/invoices/reissues/{reissue.pk}/"
    client.force_login(CandidateFactory().user)
    assert client.post(url, {"kind": "donation", "donation_code": "8585"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert not InvoiceRequest.objects.exists()
