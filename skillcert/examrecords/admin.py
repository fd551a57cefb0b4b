"""Back office: roll calls and notices sent, read-only (they change only through
`examday.rollcall` and `examday.notices`, which audit every action)."""

from django.contrib import admin

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .models import ExamNoticeSent, RollCall


@admin.register(RollCall, site=backoffice_site)
class RollCallAdmin(ReadOnlyAuditedAdmin):
    list_display = ("registration", "period", "room", "status", "marked_by", "marked_at")
    list_filter = ("status", "period__session")
    search_fields = ("registration__admission_number", "registration__candidate__national_id")
    list_select_related = ("registration", "period__subject", "period__session__level", "room__venue", "marked_by")


@admin.register(ExamNoticeSent, site=backoffice_site)
class ExamNoticeSentAdmin(ReadOnlyAuditedAdmin):
    list_display = ("registration", "exam_date", "sent_at", "emailed", "texted")
    list_filter = ("emailed", "texted")
    search_fields = ("registration__admission_number",)
    list_select_related = ("registration",)
