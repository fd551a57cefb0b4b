from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class Message(models.Model):
    """One e-mail or SMS, from the moment it is queued (in the sender's transaction, beside its
    task row) to its last attempt: the back office's message log, and what a resend copies.
    The worker records each attempt with one UPDATE (notifications.records); the status is a
    delivery record, not a business state, so it has no transition table or audit rows."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("電子郵件")
        SMS = "sms", _("簡訊")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("message status", "待寄送")
        SENT = "sent", pgettext_lazy("message status", "已寄出")
        FAILED = "failed", pgettext_lazy("message status", "寄送失敗")

    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("管道"), max_length=5, choices=Channel.choices)
    template = models.CharField(_("範本"), max_length=100, blank=True, db_index=True)
    recipient = models.CharField(_("收件人"), max_length=500, db_index=True)
    language = models.CharField(_("語言"), max_length=10, blank=True)
    context = models.JSONField(_("內容資料"), default=dict, blank=True)
    subject = models.CharField(_("主旨"), max_length=300, blank=True)
    body = models.TextField(_("內容"), blank=True)
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("嘗試次數"), default=0)
    error = models.TextField(_("錯誤"), blank=True)
    last_attempt_at = models.DateTimeField(_("最後嘗試時間"), null=True, blank=True)
    resent_from = models.ForeignKey(
        "self", verbose_name=_("重寄自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="resends"
    )

    class Meta:
        verbose_name = _("訊息紀錄")
        verbose_name_plural = _("訊息紀錄")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_message", _("可重寄訊息"))]

    def __str__(self):
        return f"{self.get_channel_display()} {self.template or ''} → {self.recipient}"
