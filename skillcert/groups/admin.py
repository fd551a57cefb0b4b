"""Groups in the back office: staff look up organisations, coordinators and sittings; every
change is audited (AuditedAdmin). Decisions and remittances go through the tools in
`backoffice/groups.py`, which call the services, so those models are read-only here."""

from django.contrib import admin

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin as ReadOnlyAdmin
from skillcert.backoffice.site import backoffice_site

from .models import Coordinator, GroupRefundRequest, GroupSitting, Invoice, Organisation, Remittance, VenueRequest


@admin.register(Organisation, site=backoffice_site)
class OrganisationAdmin(AuditedAdmin):
    list_display = (
        "group_code",
        "name",
        "kind",
        "business_number",
        "recognition_signed_on",
        "recognition_confirmed_at",
    )
    list_filter = ("kind",)
    # Confirmed with the tool on the groups page (groups.services.organisation_recognition_confirm).
    readonly_fields = ("recognition_confirmed_at",)
    search_fields = ("group_code", "name", "business_number")


@admin.register(Coordinator, site=backoffice_site)
class CoordinatorAdmin(AuditedAdmin):
    list_display = ("name", "organisation", "phone", "verified_at")
    list_filter = ("verified_at",)
    readonly_fields = ("verified_at",)
    search_fields = ("name", "organisation__name", "user__username")


@admin.register(GroupSitting, site=backoffice_site)
class GroupSittingAdmin(AuditedAdmin):
    list_display = ("organisation", "session", "discount_code", "created_at")
    readonly_fields = ("discount_code",)
    search_fields = ("organisation__name", "discount_code")


for model in (Remittance, Invoice, VenueRequest, GroupRefundRequest):
    backoffice_site.register(model, ReadOnlyAdmin)
