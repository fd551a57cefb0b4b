"""The MIG 4.0 F0401 export: parsed back, every mapped field checked on examples (a group's
B2B invoice, individuals' mobile-barcode, citizen-certificate, donation and company invoices),
and finance's period export with its access cases."""

import datetime as dt
import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings

from skillcert.core import clock
from skillcert.groups.remittances import remittance_record
from skillcert.groups.selectors import amount_due
from skillcert.groups.upload import upload_apply
from skillcert.payments.einvoice import NAMESPACE, Document, Line, f0401_bytes, tax_split
from skillcert.payments.invoices import invoice_request_save
from skillcert.payments.models import AccountStatus
from skillcert.payments.services import virtual_account_confirm
from tests.factories import CandidateFactory, StaffRole, staff_user
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file
from tests.registrations.factories import register

NS = {"m": NAMESPACE}
MAIN_ORDER = ["InvoiceNumber", "InvoiceDate", "InvoiceTime", "Seller", "Buyer", "InvoiceType", "DonateMark"]
ITEM_ORDER = ["Description", "Quantity", "UnitPrice", "TaxType", "Amount", "SequenceNumber"]
AMOUNT_ORDER = [
    "SalesAmount", "FreeTaxSalesAmount", "ZeroTaxSalesAmount", "TaxType", "TaxRate", "TaxAmount", "TotalAmount"
]  # fmt: skip


def parse(body: bytes) -> ET.Element:
    root = ET.fromstring(body)
    assert root.tag == f"{{{NAMESPACE}}}Invoice"
    return root


def text(root, path: str) -> str | None:
    found = root.find("/".join(f"m:{part}" for part in path.split("/")), NS)
    return None if found is None else found.text


def children(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def at(day, hour=10):
    return clock.at(day, hour, 30)


def test_tax_is_split_from_the_tax_inclusive_total_for_companies_only():
    assert tax_split(1050, b2b=True) == (1000, 50)
    assert tax_split(1200, b2b=True) == (1143, 57)  # 1142.857… rounds half up
    assert tax_split(1200, b2b=False) == (1200, 0)


def test_a_company_invoice_is_b2b_with_tax_split_and_elements_in_the_mig_order():
    document = Document(
        number="GR11500001", issued_at=at(dt.date(2026, 3, 20)), buyer_name="國立示範科技大學",
        business_number="04595257", lines=(Line("SPE 初級 團體報名費", 3, 1200, 3600), Line("SPE 初級 團體報名費", 1, 1000, 1000)),
    )  # fmt: skip
    root = parse(f0401_bytes(document))
    assert text(root, "Main/InvoiceNumber") == "GR11500001"
    assert text(root, "Main/InvoiceDate") == "20260320" and text(root, "Main/InvoiceTime") == "10:30:00"
    assert text(root, "Main/Seller/Identifier") == settings.INVOICE_SELLER["business_number"]
    assert text(root, "Main/Seller/Name") == settings.INVOICE_SELLER["name"]
    assert (text(root, "Main/Buyer/Identifier"), text(root, "Main/Buyer/Name")) == ("04595257", "國立示範科技大學")
    assert (text(root, "Main/InvoiceType"), text(root, "Main/DonateMark"), text(root, "Main/PrintMark")) == (
        "07", "0", "Y"
    )  # fmt: skip
    assert text(root, "Main/CarrierType") is None and text(root, "Main/NPOBAN") is None
    assert len(text(root, "Main/RandomNumber")) == 4
    main = root.find("m:Main", NS)
    assert children(main)[: len(MAIN_ORDER)] == MAIN_ORDER
    assert children(root) == ["Main", "Details", "Amount"]
    items = root.findall("m:Details/m:ProductItem", NS)
    assert [children(item) for item in items] == [ITEM_ORDER, ITEM_ORDER]
    assert [text(item, "SequenceNumber") for item in items] == ["001", "002"]
    assert [text(item, "Quantity") for item in items] == ["3", "1"]
    sales, tax = tax_split(4600, b2b=True)
    assert sum(int(text(item, "Amount")) for item in items) == sales
    assert children(root.find("m:Amount", NS)) == AMOUNT_ORDER
    assert [text(root, f"Amount/{name}") for name in ("SalesAmount", "TaxType", "TaxRate", "TaxAmount")] == [
        str(sales), "1", "0.05", str(tax)
    ]  # fmt: skip
    assert text(root, "Amount/TotalAmount") == "4600"


@pytest.mark.parametrize(
    ("carrier_type", "carrier_id", "donation", "expected"),
    [
        ("3J0002", "/ABC1234", "", {"CarrierType": "3J0002", "CarrierId1": "/ABC1234", "CarrierId2": "/ABC1234",
                                    "DonateMark": "0", "NPOBAN": None}),
        ("CQ0001", "AB12345678901234", "", {"CarrierType": "CQ0001", "CarrierId1": "AB12345678901234",
                                            "DonateMark": "0", "NPOBAN": None}),
        ("", "", "8585", {"CarrierType": None, "CarrierId1": None, "DonateMark": "1", "NPOBAN": "8585"}),
    ],
)  # fmt: skip
def test_a_consumer_invoice_is_b2c_tax_inclusive_with_its_carrier_or_donation(
    carrier_type, carrier_id, donation, expected
):
    document = Document(
        number="IN11500007", issued_at=at(dt.date(2026, 5, 2)), buyer_name="王小明", carrier_type=carrier_type,
        carrier_id=carrier_id, donation_code=donation, lines=(Line("SPE 初級 報名費", 1, 1600, 1600),),
    )  # fmt: skip
    root = parse(f0401_bytes(document))
    assert text(root, "Main/Buyer/Identifier") == "0000000000"
    assert text(root, "Main/PrintMark") == "N"
    for name, value in expected.items():
        assert text(root, f"Main/{name}") == value, name
    assert [text(root, f"Amount/{n}") for n in ("SalesAmount", "TaxAmount", "TotalAmount")] == ["1600", "0", "1600"]
    assert text(root, "Details/ProductItem/UnitPrice") == "1600"


# ---------------------------------------------------------------- finance's period export


EXPORT = "/backoffice/tools/invoices/einvoices/"


@pytest.fixture
def issued(django_capture_on_commit_callbacks, frozen_now):
    """A group invoice and two individuals' invoices (mobile barcode, company), all issued on DAY."""
    day = dt.date(2026, 3, 20)
    frozen_now(at(day))
    sitting = make_sitting(coordinator=make_coordinator())
    upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(2)), actor=None)
    group = remittance_record(
        sitting=sitting, amount=amount_due(sitting=sitting), remitted_on=day, bank_reference="TX-MIG",
        actor=staff_user(StaffRole.FINANCE),
    ).invoice  # fmt: skip
    individuals = []
    for kind, values in (("mobile", {"carrier_id": "/ABC1234"}),
                         ("company", {"company_title": "示範股份有限公司", "business_number": "04595257"})):  # fmt: skip
        registration = register(session=sitting.session)
        invoice_request_save(registration=registration, actor=None, kind=kind, **values)
        with django_capture_on_commit_callbacks(execute=True):
            virtual_account_confirm(
                account=registration.virtual_accounts.get(status=AccountStatus.ACTIVE), actor=None, reason="test"
            )
        individuals.append(registration.invoice_request)
    return group, individuals


@pytest.mark.django_db
def test_finance_exports_the_periods_invoices_one_f0401_file_each(client, issued):
    group, (mobile, company) = issued
    client.force_login(staff_user(StaffRole.FINANCE))
    response = client.get(EXPORT, {"start": "2026-03-01", "end": "2026-04-30"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name: parse(archive.read(name)) for name in archive.namelist()}
    mobile.refresh_from_db()
    company.refresh_from_db()
    assert set(files) == {f"F0401_{n}.xml" for n in (group.number, mobile.number, company.number)}
    group_xml = files[f"F0401_{group.number}.xml"]
    assert text(group_xml, "Main/Buyer/Identifier") == group.business_number
    assert text(group_xml, "Amount/TotalAmount") == str(group.amount)
    mobile_xml = files[f"F0401_{mobile.number}.xml"]
    assert (text(mobile_xml, "Main/Buyer/Identifier"), text(mobile_xml, "Main/CarrierId1")) == (
        "0000000000", "/ABC1234"
    )  # fmt: skip
    assert text(mobile_xml, "Main/InvoiceDate") == "20260320"
    company_xml = files[f"F0401_{company.number}.xml"]
    assert (text(company_xml, "Main/Buyer/Identifier"), text(company_xml, "Main/Buyer/Name")) == (
        "04595257", "示範股份有限公司"
    )  # fmt: skip
    sales, tax = tax_split(company.amount, b2b=True)
    assert (text(company_xml, "Amount/SalesAmount"), text(company_xml, "Amount/TaxAmount")) == (str(sales), str(tax))

    later = client.get(EXPORT, {"start": "2026-05-01", "end": "2026-06-30"})
    assert zipfile.ZipFile(io.BytesIO(later.content)).namelist() == []


@pytest.mark.django_db
def test_bad_dates_get_a_400_with_a_message(client):
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(EXPORT).status_code == 200
    response = client.get(EXPORT, {"start": "2026-05-01", "end": "2026-03-01"})
    assert response.status_code == 400 and "起日不可晚於迄日" in response.content.decode()
    assert client.get(EXPORT, {"start": "not-a-date", "end": ""}).status_code == 400


@pytest.mark.django_db
def test_only_finance_exports_invoices(client):
    for user in (staff_user(StaffRole.VENUE), make_coordinator().user, CandidateFactory().user):
        client.force_login(user)
        assert client.get(EXPORT, {"start": "2026-03-01", "end": "2026-04-30"}).status_code == 403
    client.logout()
    assert client.get(EXPORT).status_code == 302
