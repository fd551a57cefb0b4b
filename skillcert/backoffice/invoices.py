"""Back-office tools for invoices (finance): a group invoice's PDF, and the period's issued
e-invoices (groups and individuals) as MIG 4.0 F0401 files for the Turnkey client."""

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from skillcert.accounts.forms import NoLabelSuffix
from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.core import clock
from skillcert.core.exports import pdf_attachment
from skillcert.groups import invoices as group_invoices
from skillcert.payments import invoices as individual_invoices
from skillcert.payments.einvoice import period_zip
from skillcert.payments.invoice_pdf import invoice_pdf

FINANCE = (StaffRole.FINANCE,)


class PeriodForm(NoLabelSuffix, forms.Form):
    start = forms.DateField(label=gettext_lazy("開立日期起"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("開立日期迄"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(gettext_lazy("起日不可晚於迄日。"))
        return data


def current_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The two-month 期別 of the e-invoice calendar holding `today` (1–2月, 3–4月, …)."""
    first_month = today.month - (today.month - 1) % 2
    start = today.replace(month=first_month, day=1)
    after = (start + dt.timedelta(days=62)).replace(day=1)
    return start, after - dt.timedelta(days=1)


@role_required(*FINANCE)
def group_invoice_pdf(request, pk):
    invoice = group_invoices.invoice_for_staff(pk=pk)
    return pdf_attachment(f"invoice-{invoice.number}.pdf", invoice_pdf(group_invoices.invoice_document(invoice)))


@role_required(*FINANCE)
def einvoice_export(request):
    """GET without dates: the form (this period filled in); with dates: the zip, or 400."""
    if "start" not in request.GET:
        start, end = current_period(clock.today())
        form = PeriodForm(initial={"start": start, "end": end})
        return render(request, "backoffice/payments/einvoice_export.html", {"form": form})
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "backoffice/payments/einvoice_export.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    documents = group_invoices.documents_issued_between(start=start, end=end)
    documents += individual_invoices.documents_issued_between(start=start, end=end)
    response = HttpResponse(period_zip(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="F0401_{start:%Y%m%d}-{end:%Y%m%d}.zip"'
    return response


urlpatterns = [
    path("groups/<int:pk>.pdf", group_invoice_pdf, name="group_invoice_pdf"),
    path("einvoices/", einvoice_export, name="einvoice_export"),
]
