"""Accounts in the back office: staff manage users (staff accounts get kind=staff and
is_staff), correct a candidate's national ID (only staff may), and see consent records.
Every change is audited (AuditedAdmin)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.site import backoffice_site

from .forms import PrintableNamesMixin
from .models import CandidateProfile, User


class CandidateProfileAdminForm(PrintableNamesMixin, forms.ModelForm):
    """Staff edit names under the same rule as the candidate (what prints on a certificate); the
    admin supplies the model and its fields."""


@admin.register(User, site=backoffice_site)
class SkillcertUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "kind", "email", "is_active", "is_staff", "last_login")
    list_filter = ("kind", "is_active", "is_staff", "groups")
    search_fields = ("username", "email", "candidate__name_zh", "candidate__national_id")
    readonly_fields = ("last_login", "date_joined", "temporary_password_expires_at")
    fieldsets = (
        (None, {"fields": ("username", "password", "kind", "email")}),
        (_("狀態"), {"fields": ("is_active", "is_staff", "must_change_password", "temporary_password_expires_at")}),
        (_("角色與權限"), {"fields": ("groups", "is_superuser", "user_permissions")}),
        (_("時間"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "kind", "email", "password1", "password2")}),)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("username")  # account names never change (login guide)
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def save_model(self, request, obj, form, change):
        if obj.kind == User.Kind.STAFF:
            obj.is_staff = True
        elif not obj.is_superuser:
            obj.is_staff = False
        super().save_model(request, obj, form, change)


@admin.register(CandidateProfile, site=backoffice_site)
class CandidateProfileAdmin(AuditedAdmin):
    form = CandidateProfileAdminForm
    list_display = ("name_zh", "user", "national_id", "mobile", "created_by_group", "profile_confirmed_at")
    list_filter = ("created_by_group", "moea_training_recent", "consent_version")
    search_fields = ("name_zh", "name_en", "national_id", "user__username", "user__email", "mobile")
    readonly_fields = ("user", "consent_version", "consent_at", "created_by_group", "profile_confirmed_at")
