"""Back office for the item bank and forms. Items and forms change only through their
services (the back-office tools in backoffice/cbt.py and these actions), so their admins are
read-only lists; blueprints are edited here (rows inline, audited)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import ReadOnlyAuditedAdmin
from skillcert.backoffice.site import backoffice_site
from skillcert.catalog.admin import CatalogAdmin

from . import services
from .models import Blueprint, BlueprintRow, FormItem, Item, ItemImport, ItemVersion, TestForm


def _decide(modeladmin, request, queryset, service, done):
    for version in queryset:
        try:
            service(version=version, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{version}: {text}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{version}: {done}", messages.SUCCESS)


@admin.action(description=_("審定所選試題版本"))
def approve(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, services.item_approve, _("已審定"))


@admin.action(description=_("停用所選試題版本"))
def retire(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, services.item_retire, _("已停用"))


@admin.register(ItemVersion, site=backoffice_site)
class ItemVersionAdmin(ReadOnlyAuditedAdmin):
    list_display = ("item", "number", "topic", "difficulty", "status", "written_by", "edit_link")
    list_filter = ("status", "difficulty", "item__subject")
    search_fields = ("item__code", "stem", "topic__code")
    actions = [approve, retire]  # open to whoever sees the list: the services check the role

    @admin.display(description=_("編修"))
    def edit_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("backoffice_tools:cbt_item_edit", args=[obj.pk]), _("編修"))


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ItemVersion
    fields = ("number", "topic", "difficulty", "status", "stem")


@admin.register(Item, site=backoffice_site)
class ItemAdmin(ReadOnlyAuditedAdmin):
    list_display = ("code", "subject", "created_at")
    list_filter = ("subject",)
    search_fields = ("code",)
    inlines = [VersionInline]


class BlueprintRowInline(admin.TabularInline):
    model = BlueprintRow
    extra = 1


@admin.register(Blueprint, site=backoffice_site)
class BlueprintAdmin(CatalogAdmin):
    list_display = ("name", "subject", "shuffle_options", "points_per_item")
    list_filter = ("subject",)
    inlines = [BlueprintRowInline]


class FormItemInline(ReadOnlyInline):
    model = FormItem
    fields = ("position", "version", "points")


@admin.register(TestForm, site=backoffice_site)
class TestFormAdmin(ReadOnlyAuditedAdmin):
    list_display = ("sitting", "blueprint", "status", "assembled_at", "frozen_at")
    list_filter = ("status",)
    exclude = ("shuffle_secret",)
    inlines = [FormItemInline]


@admin.register(ItemImport, site=backoffice_site)
class ItemImportAdmin(ReadOnlyAuditedAdmin):
    list_display = ("filename", "subject", "kind", "accepted", "refused", "imported_by", "created_at")
    list_filter = ("kind", "subject")
