"""Back-office tools for finance (SPEC §6): upload the bank's credit file and see its summary,
and settle the exception queue. Finance (or admin) only; each view calls one service."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.models import StaffRole
from skillcert.core.exports import csv_response
from skillcert.payments import selectors
from skillcert.payments.bankfile import BankFileError, size_refusal
from skillcert.payments.imports import bank_file_import
from skillcert.payments.models import BankCredit, CreditStatus, ExceptionReason, ImportBatch
from skillcert.payments.settle import (
    PaymentError,
    credit_accept,
    credit_dismiss,
    credit_mark_refund,
    credit_refund_paid,
)
from skillcert.registrations.models import Registration

from .registrations import role_required
from .site import backoffice_site

finance_required = role_required(StaffRole.FINANCE)


def _page(request, template: str, context: dict):
    """Render with the back office's header, title and navigation (admin's context)."""
    return render(request, f"backoffice/payments/{template}", {**backoffice_site.each_context(request), **context})


class BankFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("銀行入帳檔（固定長度或 CSV）"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        refusal = size_refusal(uploaded.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return uploaded


@finance_required
def bank_file_upload(request):
    form = BankFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = bank_file_import(content=upload.read(), filename=upload.name, actor=request.user, source="upload")
        except BankFileError as error:
            form.add_error("file", error.message())
        else:
            messages.success(request, _("已匯入 %(name)s。") % {"name": upload.name})
            return redirect("backoffice_tools:payment_batch", pk=batch.pk)
    batches = ImportBatch.objects.select_related("imported_by")[:20]
    response = _page(request, "upload.html", {"form": form, "batches": batches})
    response.status_code = 400 if request.method == "POST" else 200  # a refused file: a clear 4xx
    return response


@finance_required
def batch_detail(request, pk: int):
    batch = get_object_or_404(ImportBatch, pk=pk)
    exceptions = batch.credits.exclude(status=CreditStatus.MATCHED).select_related("registration")[:500]
    return _page(request, "batch.html", {"batch": batch, "exceptions": exceptions})


@finance_required
def exception_queue(request):
    reason = request.GET.get("reason", "")
    reason = reason if reason in ExceptionReason.values else ""
    credits = selectors.exception_queue(reason=reason)[:500]
    context = {"credits": credits, "reasons": ExceptionReason.choices, "reason": reason}
    return _page(request, "queue.html", context)


class SettleForm(forms.Form):
    ACTIONS = [
        ("accept", gettext_lazy("確認後登錄為已繳費")),
        ("link", gettext_lazy("連結到正確的報名並登錄為已繳費")),
        ("refund", gettext_lazy("退還匯款人")),
        ("refunded", gettext_lazy("登錄已退還匯款人")),
        ("dismiss", gettext_lazy("無需處理（銀行重複列出同一筆交易）")),
    ]
    action = forms.ChoiceField(label=gettext_lazy("處理方式"), choices=ACTIONS, widget=forms.RadioSelect)
    registration_id = forms.IntegerField(label=gettext_lazy("報名編號（連結時填寫）"), required=False, min_value=1)
    payer_bank = forms.CharField(label=gettext_lazy("退款銀行代碼＋分行（7 碼，空白則用檔案所載）"), required=False)
    payer_account = forms.CharField(label=gettext_lazy("退款帳號（空白則用檔案所載）"), required=False)
    paid_on = forms.DateField(
        label=gettext_lazy("退還日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("處理說明"), required=False, max_length=300)


def _settle(credit: BankCredit, data: dict, actor) -> None:
    action, note = data["action"], data["note"]
    if action == "accept":
        credit_accept(credit=credit, actor=actor, note=note)
    elif action == "link":
        registration = Registration.objects.filter(pk=data.get("registration_id") or 0).first()
        if registration is None:
            raise PaymentError(_("查無此報名編號。"), code="link")
        credit_accept(credit=credit, actor=actor, note=note, registration=registration)
    elif action == "refund":
        credit_mark_refund(
            credit=credit, actor=actor, note=note, payer_bank=data["payer_bank"], payer_account=data["payer_account"]
        )
    elif action == "refunded":
        credit_refund_paid(credit=credit, actor=actor, paid_on=data.get("paid_on"))
    else:
        credit_dismiss(credit=credit, actor=actor, note=note)


@finance_required
def credit_settle(request, pk: int):
    credit = get_object_or_404(BankCredit.objects.select_related("virtual_account", "registration", "batch"), pk=pk)
    form = SettleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _settle(credit, form.cleaned_data, request.user)
        except PaymentError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已處理交易 %(txn)s。") % {"txn": credit.bank_txn_id})
            return redirect("backoffice_tools:payment_queue")
    return _page(request, "credit.html", {"credit": credit, "form": form})


@finance_required
def payouts_export(request):
    """退款清單: approved refunds and credits to return, for the bank's batch transfer; once sent,
    finance records each (refund page / exception queue)."""
    header = [_("來源"), _("參考編號"), _("銀行代碼"), _("分行代碼"), _("帳號"), _("戶名"), _("金額")]
    return csv_response("ipas-payouts.csv", header, selectors.payouts_due())


urlpatterns = [
    path("payouts.csv", payouts_export, name="payment_payouts"),
    path("bank-files/", bank_file_upload, name="payment_upload"),
    path("bank-files/<int:pk>/", batch_detail, name="payment_batch"),
    path("exceptions/", exception_queue, name="payment_queue"),
    path("exceptions/<int:pk>/", credit_settle, name="payment_credit"),
]
