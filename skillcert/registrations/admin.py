"""Registrations in the back office: read-only records (status changes go through the
tools in backoffice/registrations.py, which call the services) and postponement notices."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin as ReadOnlyAdmin
from skillcert.backoffice.site import backoffice_site

from .models import PlanDocument, Postponement, RefundLine, RefundRequest, Registration, RegistrationSubject


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubjectInline(ReadOnlyInline):
    model = RegistrationSubject
    fields = ("subject", "fee", "dropped")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = PlanDocument
    fields = ("content_type", "uploaded_at")
    readonly_fields = fields


@admin.register(Registration, site=backoffice_site)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "candidate", "session", "plan", "amount", "status", "payment_deadline", "tools")
    list_filter = ("status", "plan", "session__level__brochure__item", "session")
    search_fields = ("pk", "candidate__name_zh", "candidate__national_id", "candidate__user__username")
    list_select_related = ("candidate", "session__level__brochure__item")
    inlines = [SubjectInline, DocumentInline]

    @admin.display(description=_("作業"))
    def tools(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("backoffice_tools:registration_edit", args=[obj.pk]), _("修改")
        )


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ("registration_subject", "paid", "amount")
    readonly_fields = fields


@admin.register(RefundRequest, site=backoffice_site)
class RefundRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "registration",
        "kind",
        "requested_amount",
        "status",
        "refunded_amount",
        "created_at",
        "tools",
    )
    list_filter = ("status", "kind")
    inlines = [RefundLineInline]

    @admin.display(description=_("作業"))
    def tools(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("backoffice_tools:refund_decide", args=[obj.pk]), _("審核"))


@admin.register(Postponement, site=backoffice_site)
class PostponementAdmin(AuditedAdmin):
    list_display = ("session", "announced_on", "reason")
    autocomplete_fields = ()
