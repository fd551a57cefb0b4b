"""The group's one invoice per remittance 單一發票 (brochure 115 §3.3), as an e-invoice
`Document`: one line per fee among the remittance's registrations. Read by the coordinator
(their own group only), finance, and the period's MIG export."""

from collections import Counter

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.payments.einvoice import Document, Line

from .models import Invoice
from .selectors import coordinator_for


@translation.override(settings.LANGUAGE_CODE)  # an invoice is written in zh-Hant, whoever asks
def invoice_document(invoice: Invoice) -> Document:
    remittance = invoice.remittance
    level = remittance.group_sitting.session.level
    fees = Counter(registration.amount for registration in remittance.registrations.all())
    description = _("%(level)s 團體報名費") % {"level": level}
    lines = tuple(
        Line(description=description, quantity=count, unit_price=fee, amount=fee * count)
        for fee, count in sorted(fees.items())
    ) or (Line(description=description, quantity=1, unit_price=invoice.amount, amount=invoice.amount),)
    return Document(
        number=invoice.number, issued_at=clock.at(invoice.issued_on, 12), buyer_name=invoice.title,
        business_number=invoice.business_number, lines=lines,
    )  # fmt: skip


def _invoices():
    return Invoice.objects.select_related(
        "remittance__group_sitting__organisation", "remittance__group_sitting__session__level__brochure__item"
    ).prefetch_related("remittance__registrations")


def invoice_for_coordinator(*, user, pk: int) -> Invoice:
    """The invoice of the coordinator's own organisation, or 404."""
    coordinator = coordinator_for(user)
    invoice = _invoices().filter(pk=pk, remittance__group_sitting__organisation_id=coordinator.organisation_id).first()
    if invoice is None:
        raise Http404
    return invoice


def invoice_for_staff(*, pk: int) -> Invoice:
    invoice = _invoices().filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return invoice


def documents_issued_between(*, start, end) -> list[Document]:
    return [invoice_document(i) for i in _invoices().filter(issued_on__range=(start, end)).order_by("number")]
