"""The audit log on the back office's site (read-only): the full search with export is the
back-office tool `backoffice.audit`."""

from django.contrib import admin

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .models import AuditEntry


@admin.register(AuditEntry, site=backoffice_site)
class AuditEntryAdmin(ReadOnlyAuditedAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "from_state", "to_state"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "reason", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
