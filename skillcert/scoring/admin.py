"""Read-only back-office lists of scoring data; changes go through the scoring tools."""

from django.contrib import admin

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin as ReadOnlyAdmin
from skillcert.backoffice.site import backoffice_site

from .models import Outcome, Ruling, Score


@admin.register(Score, site=backoffice_site)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "session", "subject", "attendance", "raw_score", "deduction", "sanction", "score")
    list_filter = ("session", "attendance", "sanction")
    search_fields = ("candidate__name_zh", "candidate__national_id")


@admin.register(Outcome, site=backoffice_site)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "level", "certified", "path", "rule", "already_certified", "certified_at")
    list_filter = ("certified", "level", "rule")
    search_fields = ("candidate__name_zh", "candidate__national_id")


@admin.register(Ruling, site=backoffice_site)
class RulingAdmin(ReadOnlyAdmin):
    list_display = ("session", "subject", "question", "decision", "previous_options", "options", "ruled_at")
