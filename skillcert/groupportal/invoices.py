"""Group portal: the invoice of each remittance as a PDF, for the group's own coordinators
(anyone else: 404, through `groups.invoices.invoice_for_coordinator`)."""

from django.urls import path

from skillcert.core.exports import pdf_attachment
from skillcert.groups.invoices import invoice_document, invoice_for_coordinator
from skillcert.payments.invoice_pdf import invoice_pdf

from .views import coordinator_required


@coordinator_required
def invoice_download(request, coordinator, pk):
    invoice = invoice_for_coordinator(user=request.user, pk=pk)
    return pdf_attachment(f"invoice-{invoice.number}.pdf", invoice_pdf(invoice_document(invoice)))


urlpatterns = [path("invoices/<int:pk>.pdf", invoice_download, name="invoice_pdf")]
