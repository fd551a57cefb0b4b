"""The scheduler's record in the back office: when each periodic job ran, where, and its output."""

from django.contrib import admin

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .models import JobRun


@admin.register(JobRun, site=backoffice_site)
class JobRunAdmin(ReadOnlyAuditedAdmin):
    list_display = ["job", "period_start", "runner", "started_at", "finished_at", "succeeded"]
    list_filter = ["job", "succeeded"]
    date_hierarchy = "period_start"
    fields = ["job", "period_start", "runner", "started_at", "finished_at", "succeeded", "output"]
    readonly_fields = fields
