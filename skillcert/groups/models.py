"""Group registration 團報 (SPEC §8): organisations, their coordinators, group sittings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("學校")
        COMPANY = "company", _("企業")

    group_code = models.CharField(_("團報代碼"), max_length=20, unique=True)
    name = models.CharField(_("單位名稱"), max_length=100)
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices, default=Kind.SCHOOL)
    business_number = models.CharField(_("統一編號"), max_length=8)
    invoice_title = models.CharField(_("發票抬頭"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    recognition_signed_on = models.DateField(_("簽署 iPAS 認同日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("團報單位")
        verbose_name_plural = _("團報單位")

    def __str__(self):
        return self.name

    @property
    def has_recognition(self) -> bool:
        return self.recognition_signed_on is not None


class Coordinator(models.Model):
    """團報窗口: a user account speaking for one organisation, usable once staff verify it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coordinators")
    name = models.CharField(_("聯絡人姓名"), max_length=50)
    phone = models.CharField(_("聯絡電話"), max_length=30)
    verified_at = models.DateTimeField(_("認證時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("團報窗口")
        verbose_name_plural = _("團報窗口")

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class GroupSitting(models.Model):
    """An organisation registered for one exam session: holds the group discount code."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sittings")
    session = models.ForeignKey("catalog.ExamSession", on_delete=models.PROTECT, related_name="group_sittings")
    discount_code = models.CharField(_("團報折扣碼"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已登記活動")
        verbose_name_plural = _("已登記活動")
        constraints = [models.UniqueConstraint(fields=["organisation", "session"], name="group_sitting_once")]

    def __str__(self):
        return f"{self.organisation} · {self.session}"
