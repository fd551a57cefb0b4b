from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One row per change a person or the system made: who, when, what, from, to, why."""

    created_at = models.DateTimeField(_("時間"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作者"),
    )
    action = models.CharField(_("動作"), max_length=80)
    target_type = models.CharField(_("對象類型"), max_length=80)
    target_id = models.CharField(_("對象編號"), max_length=64)
    from_state = models.CharField(_("原狀態"), max_length=40, blank=True)
    to_state = models.CharField(_("新狀態"), max_length=40, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    data = models.JSONField(_("內容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("稽核紀錄")
        verbose_name_plural = _("稽核紀錄")
        ordering = ["-created_at", "-id"]
        # The most written table: only the indexes its readers use (an object's history, the
        # back office's filters), and no LIKE-pattern copies PostgreSQL would add for db_index.
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"
