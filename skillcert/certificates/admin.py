"""Back-office admin for certificates: look-up and history. Status changes go through the
tools (skillcert/backoffice/certificates.py) so that every transition is a service call."""

from django.contrib import admin

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .models import Certificate, NumberCounter, ReissueRequest, RenewalRequest, TrainingRecord


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Certificate, site=backoffice_site)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "level", "kind", "status", "issued_on", "valid_until"]
    list_filter = ["status", "kind", "level__brochure__item", "level__rank"]
    search_fields = ["number", "holder_name", "candidate__user__username"]
    date_hierarchy = "issued_on"


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "organisation", "title", "started_on", "ended_on", "hours", "relevance", "result"]
    exclude = ["evidence", "checked_by", "result_note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RenewalRequest, site=backoffice_site)
class RenewalRequestAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["certificate__number", "certificate__holder_name"]
    inlines = [TrainingRecordInline]


@admin.register(ReissueRequest, site=backoffice_site)
class ReissueRequestAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "reason", "status", "fee", "paid_at"]
    list_filter = ["status", "reason"]
    search_fields = ["certificate__number", "certificate__holder_name", "payment_reference"]


@admin.register(NumberCounter, site=backoffice_site)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ["item_code", "roc_year", "rank", "last"]
