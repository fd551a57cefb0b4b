"""Payments in the back office: read-only records (money is changed only through the import
and the exception-queue actions, which audit every step)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin as ReadOnlyAdmin
from skillcert.backoffice.site import backoffice_site

from .models import BankCredit, ImportBatch, InvoiceRequest, VirtualAccount


@admin.register(VirtualAccount, site=backoffice_site)
class VirtualAccountAdmin(ReadOnlyAdmin):
    list_display = ["number", "amount", "status", "purpose", "registration", "deadline", "paid_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["number", "reference", "registration__candidate__name_zh", "registration__pk"]
    list_select_related = ["registration__candidate", "registration__session__level__brochure__item"]
    date_hierarchy = "issued_at"


@admin.register(InvoiceRequest, site=backoffice_site)
class InvoiceRequestAdmin(ReadOnlyAdmin):
    """Individuals' e-invoices (docs/einvoice.md); the MIG export is a finance tool."""

    list_display = ["number", "issued_at", "kind", "amount", "registration", "reissue"]
    list_filter = ["kind"]
    search_fields = ["number", "business_number", "registration__pk", "registration__candidate__name_zh"]
    list_select_related = ["registration__candidate", "registration__session__level__brochure__item", "reissue"]


@admin.register(ImportBatch, site=backoffice_site)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "filename", "file_format", "source", "lines", "matched", "exceptions",
                    "duplicates_skipped", "imported_by"]  # fmt: skip
    list_filter = ["source", "file_format"]
    search_fields = ["filename", "sha256"]


@admin.register(BankCredit, site=backoffice_site)
class BankCreditAdmin(ReadOnlyAdmin):
    list_display = ["bank_txn_id", "value_at", "account_number", "amount", "status", "reason", "queue_link"]
    list_filter = ["status", "reason"]
    search_fields = ["bank_txn_id", "account_number", "payer_account"]
    list_select_related = ["batch"]

    @admin.display(description=_("處理"))
    def queue_link(self, obj):
        if obj.status not in ("exception", "refund_pending"):
            return ""
        return format_html('<a href="{}">{}</a>', reverse("backoffice_tools:payment_credit", args=[obj.pk]), _("處理"))
