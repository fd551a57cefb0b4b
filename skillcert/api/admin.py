"""API keys in the back office (admin): issue one for a staff member, scoped to a role and an
expiry; the key is shown once, only its hash is kept; revoke with an action; last use shown."""

import secrets

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.backoffice.admin_base import AuditedAdmin
from skillcert.backoffice.site import backoffice_site
from skillcert.core import clock
from skillcert.core.audit import log_action

from .models import ApiToken, hash_key


@admin.register(ApiToken, site=backoffice_site)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "role", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["role"]
    list_select_related = ["user"]
    fields = ["user", "name", "role", "expires_at", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = db_field.related_model.objects.filter(kind="staff", is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            key = secrets.token_urlsafe(32)
            obj.key_hash = hash_key(key)
            messages.warning(request, _("新的 API 金鑰（只顯示這一次，請妥善保存）：%(key)s") % {"key": key})
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("撤銷選取的金鑰"))
    def revoke(self, request, queryset):
        now = clock.now()
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            log_action(token, "api.token_revoke", actor=request.user)
        messages.success(request, _("已撤銷選取的金鑰。"))
