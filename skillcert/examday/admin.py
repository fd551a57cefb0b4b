"""Back office for exam day: venue staff edit rooms, dedicated venues and practical batches;
seat assignments are read-only here (they change only through the allocation service).
Registered on the OTP-protected `backoffice_site`; every change is audited (AuditedAdmin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import AuditedAdmin, ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site
from skillcert.catalog.admin import VenueAdmin
from skillcert.catalog.models import Venue
from skillcert.groups.models import RequestStatus

from .models import AllocationRun, DedicatedVenue, PracticalBatch, Room, SeatAssignment


class RoomInline(admin.TabularInline):
    model = Room
    fields = ("name", "kind", "floor", "rows", "columns", "capacity", "accessible", "extended_time", "is_active")
    extra = 0


class VenueWithRoomsAdmin(VenueAdmin):
    """The catalog's venue page with its rooms below (the catalog itself knows nothing of rooms)."""

    inlines = [*VenueAdmin.inlines, RoomInline]


backoffice_site.unregister(Venue)
backoffice_site.register(Venue, VenueWithRoomsAdmin)


@admin.register(Room, site=backoffice_site)
class RoomAdmin(AuditedAdmin):
    list_display = ("name", "venue", "kind", "floor", "rows", "columns", "capacity", "accessible", "extended_time",
                    "is_active")  # fmt: skip
    list_filter = ("venue__region", "kind", "accessible", "extended_time", "is_active")
    search_fields = ("name", "venue__name")
    list_select_related = ("venue__region",)


@admin.register(DedicatedVenue, site=backoffice_site)
class DedicatedVenueAdmin(AuditedAdmin):
    list_display = ("venue", "venue_request")
    list_select_related = ("venue__region", "venue_request__group_sitting__organisation")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["venue_request"].queryset = form.base_fields["venue_request"].queryset.filter(
            status=RequestStatus.APPROVED
        )
        return form


@admin.register(PracticalBatch, site=backoffice_site)
class PracticalBatchAdmin(AuditedAdmin):
    list_display = ("session", "venue", "number", "starts_at", "ends_at", "capacity")
    list_filter = ("venue",)


@admin.register(SeatAssignment, site=backoffice_site)
class SeatAssignmentAdmin(ReadOnlyAuditedAdmin):
    list_display = ("registration", "period", "room", "batch", "seat", "extra_minutes", "enlarged_paper")
    list_filter = ("period__session", "enlarged_paper")
    search_fields = ("registration__admission_number", "registration__candidate__national_id")
    list_select_related = ("registration__candidate", "period__subject", "room__venue", "batch")

    @admin.display(description=_("座號"))
    def seat(self, obj):
        return obj.seat_label


@admin.register(AllocationRun, site=backoffice_site)
class AllocationRunAdmin(ReadOnlyAuditedAdmin):
    list_display = ("session", "ran_at", "run_by", "completed", "seated", "moved", "kept")
    list_filter = ("completed",)
