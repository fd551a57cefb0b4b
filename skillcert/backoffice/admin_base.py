"""AuditedAdmin: every add, change and delete in the back office writes an AuditEntry."""

from django.contrib import admin
from django.forms.models import model_to_dict

from skillcert.core.audit import log_action


def _jsonable(values: dict) -> dict:
    return {
        key: (value if isinstance(value, (str, int, float, bool, type(None))) else str(value))
        for key, value in values.items()
    }


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(
            obj, "backoffice.change" if change else "backoffice.add", actor=request.user, data=_jsonable(changed)
        )

    def delete_model(self, request, obj):
        snapshot = _jsonable(model_to_dict(obj))
        log_action(obj, "backoffice.delete", actor=request.user, data=snapshot)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            log_action(obj, "backoffice.delete", actor=request.user, data=_jsonable(model_to_dict(obj)))
        super().delete_queryset(request, queryset)


class ReadOnlyAuditedAdmin(AuditedAdmin):
    """For records that change only through their services (recomputed, audited there):
    staff may look, never add, edit or delete in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
