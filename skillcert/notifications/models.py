from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsMessage(models.Model):
    """What the development SMS backend 'sent' (and a record of every production send)."""

    created_at = models.DateTimeField(auto_now_add=True)
    to = models.CharField(_("手機"), max_length=20, db_index=True)
    body = models.TextField(_("內容"))
    backend = models.CharField(max_length=100)
    delivered = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("簡訊紀錄")
        verbose_name_plural = _("簡訊紀錄")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.to} {self.created_at:%Y-%m-%d %H:%M}"
