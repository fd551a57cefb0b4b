"""Candidate door: the e-invoice data 電子發票 of one's own registration (issue 12), given or
edited until the invoice is issued. The rules and messages live in `payments.invoices`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.forms import NoLabelSuffix
from skillcert.accounts.views import posted
from skillcert.payments.invoices import invoice_request_save
from skillcert.payments.models import InvoiceKind, InvoiceRequest
from skillcert.registrations.selectors import registration_for_candidate

from .access import candidate_required


class InvoiceForm(NoLabelSuffix, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("發票方式"), choices=InvoiceKind.choices, widget=forms.RadioSelect)
    carrier_id = forms.CharField(
        label=gettext_lazy("載具號碼（手機條碼或自然人憑證）"), max_length=16, required=False,
        help_text=gettext_lazy("手機條碼：/ 加 7 碼，例 /ABC1234；自然人憑證：2 碼英文加 14 碼數字。"),
    )  # fmt: skip
    donation_code = forms.CharField(label=gettext_lazy("愛心碼（3 至 7 碼數字）"), max_length=7, required=False)
    company_title = forms.CharField(label=gettext_lazy("發票抬頭"), max_length=60, required=False)
    business_number = forms.CharField(label=gettext_lazy("統一編號"), max_length=8, required=False)


@candidate_required
def registration_invoice(request, candidate, pk):
    registration = registration_for_candidate(candidate=candidate, pk=pk)
    current = InvoiceRequest.objects.filter(registration=registration).first()
    initial = {name: getattr(current, name) for name in InvoiceForm.base_fields} if current else None
    form = InvoiceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_request_save(registration=registration, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("發票資料已儲存。"))
            return redirect("portal:registration_invoice", pk=registration.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/invoice_form.html",
        {"form": form, "registration": registration, "invoice": current}, status=status,
    )  # fmt: skip


urlpatterns = [path("registrations/<int:pk>/", registration_invoice, name="registration_invoice")]
