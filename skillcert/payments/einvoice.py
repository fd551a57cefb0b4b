"""E-invoices in the Ministry of Finance exchange format (MIG 4.0, message F0401 「開立發票」,
used for B2B and B2C alike), written for upload through the Turnkey client. Pure: takes
`Document`s (built by groups.invoices and payments.invoices) and returns bytes. The mapping
of every element is in docs/einvoice.md; element order follows the MIG's schema.

Amounts: every fee is an integer, tax-inclusive NTD (稅率 5%, 應稅). For a buyer with a
統一編號 (B2B) the sales amount and line amounts are tax-exclusive and the tax is the
difference to the total (rounded half up through core.money); for a consumer (B2C, buyer
0000000000) amounts are tax-inclusive and TaxAmount is 0, as the MIG prescribes."""

import datetime as dt
import hashlib
import hmac
import io
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from xml.etree import ElementTree as ET

from django.conf import settings

from skillcert.core import clock
from skillcert.core.money import round_half_up

NAMESPACE = "urn:GEINV:eInvoiceMessage:F0401:4.0"
B2C_BUYER = "0000000000"
TAX_RATE = Fraction(5, 100)
MOBILE_BARCODE, CITIZEN_CERTIFICATE = "3J0002", "CQ0001"


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_price: int  # tax-inclusive
    amount: int  # tax-inclusive


@dataclass(frozen=True)
class Document:
    """One issued invoice, whatever model it came from."""

    number: str
    issued_at: dt.datetime  # aware
    buyer_name: str
    lines: tuple[Line, ...]
    business_number: str = ""  # the buyer's 統一編號: B2B when given
    carrier_type: str = ""  # MOBILE_BARCODE or CITIZEN_CERTIFICATE
    carrier_id: str = ""
    donation_code: str = ""

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def is_b2b(self) -> bool:
        return bool(self.business_number)


def tax_split(total: int, *, b2b: bool) -> tuple[int, int]:
    """(sales amount, tax) of a tax-inclusive total: B2B 1050 → (1000, 50); B2C (1050, 0)."""
    if not b2b:
        return total, 0
    sales = round_half_up(Fraction(total) / (1 + TAX_RATE))
    return sales, total - sales


def _net(amount: int, b2b: bool) -> int:
    return tax_split(amount, b2b=b2b)[0]


def random_number(number: str) -> str:
    """The invoice's 4-digit 隨機碼, derived from its number with the site's secret: stable for
    re-exports, not guessable from the number."""
    digest = hmac.new(settings.SECRET_KEY.encode(), number.encode(), hashlib.sha256).hexdigest()
    return f"{int(digest, 16) % 10000:04d}"


def _add(parent, tag: str, value) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    element.text = str(value)
    return element


def f0401(document: Document, seller: dict | None = None) -> ET.Element:
    seller = seller or settings.INVOICE_SELLER
    b2b = document.is_b2b
    root = ET.Element(f"{{{NAMESPACE}}}Invoice")
    main = ET.SubElement(root, f"{{{NAMESPACE}}}Main")
    moment = clock.local(document.issued_at)
    _add(main, "InvoiceNumber", document.number)
    _add(main, "InvoiceDate", moment.strftime("%Y%m%d"))
    _add(main, "InvoiceTime", moment.strftime("%H:%M:%S"))
    seller_element = ET.SubElement(main, f"{{{NAMESPACE}}}Seller")
    _add(seller_element, "Identifier", seller["business_number"])
    _add(seller_element, "Name", seller["name"])
    _add(seller_element, "Address", seller["address"])
    buyer = ET.SubElement(main, f"{{{NAMESPACE}}}Buyer")
    _add(buyer, "Identifier", document.business_number if b2b else B2C_BUYER)
    _add(buyer, "Name", document.buyer_name[:60])
    _add(main, "InvoiceType", "07")  # 一般稅額計算之電子發票
    _add(main, "DonateMark", "1" if document.donation_code else "0")
    if document.carrier_type:
        _add(main, "CarrierType", document.carrier_type)
        _add(main, "CarrierId1", document.carrier_id)
        _add(main, "CarrierId2", document.carrier_id)
    # Printed only for a company buyer; a carrier or a donation is never printed.
    _add(main, "PrintMark", "Y" if b2b else "N")
    if document.donation_code:
        _add(main, "NPOBAN", document.donation_code)
    _add(main, "RandomNumber", random_number(document.number))
    sales, tax = tax_split(document.total, b2b=b2b)
    nets = [_net(line.amount, b2b) for line in document.lines]
    nets[-1] += sales - sum(nets)  # line roundings never make the lines disagree with the total
    details = ET.SubElement(root, f"{{{NAMESPACE}}}Details")
    for sequence, (line, net) in enumerate(zip(document.lines, nets, strict=True), start=1):
        item = ET.SubElement(details, f"{{{NAMESPACE}}}ProductItem")
        _add(item, "Description", line.description[:256])
        _add(item, "Quantity", line.quantity)
        _add(item, "UnitPrice", _net(line.unit_price, b2b))
        _add(item, "TaxType", "1")
        _add(item, "Amount", net)
        _add(item, "SequenceNumber", f"{sequence:03d}")
    amount = ET.SubElement(root, f"{{{NAMESPACE}}}Amount")
    _add(amount, "SalesAmount", sales)
    _add(amount, "FreeTaxSalesAmount", 0)
    _add(amount, "ZeroTaxSalesAmount", 0)
    _add(amount, "TaxType", "1")  # 應稅
    _add(amount, "TaxRate", "0.05")
    _add(amount, "TaxAmount", tax)
    _add(amount, "TotalAmount", document.total)
    return root


def f0401_bytes(document: Document, seller: dict | None = None) -> bytes:
    ET.register_namespace("", NAMESPACE)
    return ET.tostring(f0401(document, seller), encoding="utf-8", xml_declaration=True)


def period_zip(documents) -> bytes:
    """One F0401 file per invoice (the Turnkey client's upload folder takes one message per file)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            archive.writestr(f"F0401_{document.number}.xml", f0401_bytes(document))
    return buffer.getvalue()
