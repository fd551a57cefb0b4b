"""Individuals' e-invoice data 電子發票 (issue 12; docs/einvoice.md): given or edited by the
candidate for a registration or a certificate reissue until the invoice is issued; issued when
the payment is confirmed (`payments.signals.payment_confirmed`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core import clock, identifiers
from skillcert.core.audit import log_action

from .einvoice import CITIZEN_CERTIFICATE, MOBILE_BARCODE, Document, Line
from .models import InvoiceKind, InvoiceRequest

# (field, shape check, message): the one place the e-invoice data is judged.
CHECKS = {
    InvoiceKind.MOBILE: (
        "carrier_id", identifiers.is_mobile_barcode_carrier,
        gettext_lazy("手機條碼載具須為「/」加 7 碼（數字、大寫英文字母或 . + -），例：/ABC1234。"),
    ),
    InvoiceKind.CITIZEN: (
        "carrier_id", identifiers.is_citizen_certificate_carrier,
        gettext_lazy("自然人憑證載具須為 2 碼大寫英文字母加 14 碼數字，例：AB12345678901234。"),
    ),
    InvoiceKind.DONATION: ("donation_code", identifiers.is_donation_code, gettext_lazy("愛心碼須為 3 至 7 碼數字。")),
    InvoiceKind.COMPANY: (
        "business_number", identifiers.is_business_number, gettext_lazy("統一編號須為 8 碼數字且檢查碼正確，請再確認。")
    ),
}  # fmt: skip
FIELDS = ("carrier_id", "donation_code", "company_title", "business_number")


def invoice_data_clean(*, kind: str, **values) -> dict:
    """The values the kind needs, normalised; ValidationError (per field, zh-Hant) if not."""
    if kind not in InvoiceKind.values:
        raise ValidationError({"kind": _("請選擇發票方式。")})
    field, check, message = CHECKS[kind]
    value = (values.get(field) or "").strip()
    if field == "carrier_id":
        value = value.upper()
    clean = dict.fromkeys(FIELDS, "") | {field: value}
    errors = {}
    if not check(value):
        errors[field] = message
    if kind == InvoiceKind.COMPANY:
        clean["company_title"] = (values.get("company_title") or "").strip()
        if not clean["company_title"]:
            errors["company_title"] = _("請填寫發票抬頭。")
        elif len(clean["company_title"]) > 60:
            errors["company_title"] = _("發票抬頭最多 60 字。")
    if errors:
        raise ValidationError(errors)
    return clean


def invoice_request_save(*, actor, kind: str, registration=None, reissue=None, **values) -> InvoiceRequest:
    """Give or change the e-invoice data of a registration or a certificate reissue (refused
    once issued)."""
    purchase = {"registration": registration} if registration is not None else {"reissue": reissue}
    clean = invoice_data_clean(kind=kind, **values)
    with transaction.atomic():
        current = InvoiceRequest.objects.select_for_update().filter(**purchase).first()
        if current is not None and current.number:
            raise ValidationError(_("發票已開立，無法修改發票資料。"), code="issued")
        invoice = current or InvoiceRequest(**purchase)
        invoice.kind = kind
        for name, value in clean.items():
            setattr(invoice, name, value)
        invoice.full_clean()
        invoice.save()
        log_action(invoice, "payments.invoice_request_saved", actor=actor, data={"kind": kind})
    return invoice


def next_invoice_number(*, model, prefix: str, issued_on) -> str:
    """Our record number: `prefix` (2 letters) + ROC year + 5-digit serial, 10 characters as the
    MIG's InvoiceNumber (the e-invoice track itself is assigned by finance's system)."""
    head = f"{prefix}{clock.roc_year(issued_on)}"
    last = model.objects.filter(number__startswith=head).aggregate(last=Max("number"))["last"]
    serial = int(last[len(head) :]) + 1 if last else 1
    return f"{head}{serial:05d}"


def invoice_issue(*, invoice_id: int, amount: int) -> InvoiceRequest:
    """Issue once (idempotent: a second confirmation changes nothing)."""
    with transaction.atomic():
        invoice = InvoiceRequest.objects.select_for_update().get(pk=invoice_id)
        if invoice.number:
            return invoice
        invoice.issued_at = clock.now()
        invoice.number = next_invoice_number(model=InvoiceRequest, prefix="IN", issued_on=clock.today())
        invoice.amount = amount
        invoice.save(update_fields=["number", "issued_at", "amount", "updated_at"])
        log_action(invoice, "payments.invoice_issued", data={"number": invoice.number, "amount": amount})
    return invoice


def on_payment_confirmed(sender, *, virtual_account, **kwargs):
    """A paid registration or reissue with e-invoice data gets its invoice."""
    found = InvoiceRequest.objects.filter(number__isnull=True)
    if virtual_account.registration_id:
        found = found.filter(registration_id=virtual_account.registration_id)
    else:
        found = found.filter(reissue__virtual_account=virtual_account)
    for invoice_id in found.values_list("pk", flat=True):
        invoice_issue(invoice_id=invoice_id, amount=virtual_account.amount)


@translation.override(settings.LANGUAGE_CODE)  # an invoice is written in zh-Hant, whoever asks
def _document(invoice: InvoiceRequest) -> Document:
    if invoice.registration_id:
        registration = invoice.registration
        description = _("%(level)s 報名費") % {"level": registration.session.level}
        buyer = registration.candidate.name_zh
    else:
        description = _("證書補發工本費")
        buyer = invoice.reissue.certificate.holder_name
    carrier = {InvoiceKind.MOBILE: MOBILE_BARCODE, InvoiceKind.CITIZEN: CITIZEN_CERTIFICATE}.get(invoice.kind, "")
    return Document(
        number=invoice.number, issued_at=invoice.issued_at, buyer_name=invoice.company_title or buyer, business_number=invoice.business_number,
        carrier_type=carrier, carrier_id=invoice.carrier_id if carrier else "", donation_code=invoice.donation_code,
        lines=(Line(description=description, quantity=1, unit_price=invoice.amount, amount=invoice.amount),),
    )  # fmt: skip


def documents_issued_between(*, start, end) -> list[Document]:
    """Individuals' invoices issued in [start, end] (dates), as e-invoice documents."""
    period = (clock.at(start), clock.end_of_day(end))
    issued = InvoiceRequest.objects.filter(number__isnull=False, issued_at__range=period).select_related(
        "registration__candidate", "registration__session__level__brochure__item", "reissue__certificate"
    )
    return [_document(invoice) for invoice in issued.order_by("number")]
