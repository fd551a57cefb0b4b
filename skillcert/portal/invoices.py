"""Candidate door: the e-invoice data 電子發票 of one's own registration (issue 12), given or
edited until the invoice is issued. The rules and messages live in `payments.invoices`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.forms import NoLabelSuffix
from skillcert.accounts.views import posted
from skillcert.certificates.selectors import reissue_for_candidate
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


def _invoice_page(request, purchase: dict, *, heading: str, back_url: str):
    """The one page for any purchase (`{"registration": r}` or `{"reissue": r}`)."""
    current = InvoiceRequest.objects.filter(**purchase).first()
    initial = {name: getattr(current, name) for name in InvoiceForm.base_fields} if current else None
    form = InvoiceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_request_save(actor=request.user, **purchase, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("發票資料已儲存。"))
            return redirect(request.path)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "portal/invoice_form.html",
        {"form": form, "invoice": current, "heading": heading, "back_url": back_url}, status=status,
    )  # fmt: skip


@candidate_required
def registration_invoice(request, candidate, pk):
    registration = registration_for_candidate(candidate=candidate, pk=pk)
    heading = f"{registration.session} · #{registration.pk}"
    back_url = reverse("portal:registration_detail", args=[registration.pk])
    return _invoice_page(request, {"registration": registration}, heading=heading, back_url=back_url)


@candidate_required
def reissue_invoice(request, candidate, pk):
    reissue = reissue_for_candidate(candidate=candidate, pk=pk)
    heading = _("證書補發 %(number)s") % {"number": reissue.certificate.number}
    back_url = reverse("portal:certificate_reissue", args=[reissue.certificate_id])
    return _invoice_page(request, {"reissue": reissue}, heading=heading, back_url=back_url)


urlpatterns = [
    path("registrations/<int:pk>/", registration_invoice, name="registration_invoice"),
    path("reissues/<int:pk>/", reissue_invoice, name="reissue_invoice"),
]
