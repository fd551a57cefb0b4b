from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import validate_account_name, validate_personal_id


class StaffRole(models.TextChoices):
    """Back-office roles; each is a django.contrib.auth Group of the same name."""

    ADMIN = "admin", _("系統管理")
    ITEM_OFFICER = "item_officer", _("鑑定項目承辦")
    FINANCE = "finance", _("財務")
    VENUE = "venue", _("考場/監試")
    REVIEWER = "reviewer", _("審查")
    ITEM_WRITER = "item_writer", _("命題")
    ITEM_REVIEWER = "item_reviewer", _("審題")


class User(AbstractUser):
    class Kind(models.TextChoices):
        CANDIDATE = "candidate", _("考生")
        COORDINATOR = "coordinator", _("團報窗口")
        STAFF = "staff", _("執行單位")

    username = models.CharField(
        _("帳號"),
        max_length=30,
        unique=True,
        validators=[validate_account_name],
        help_text=_("最多 30 個英文字母或數字；不可使用身分證字號；註冊後不可修改。"),
        error_messages={"unique": _("此帳號已有人使用。")},
    )
    kind = models.CharField(_("身分"), max_length=20, choices=Kind.choices, default=Kind.CANDIDATE)
    must_change_password = models.BooleanField(_("下次登入須變更密碼"), default=False)
    # A candidate created by a group upload starts with a generated account name; they choose
    # their own once, after their first login (accounts.services.user_account_name_choose).
    must_choose_username = models.BooleanField(_("首次登入須自訂帳號"), default=False)
    temporary_password_expires_at = models.DateTimeField(_("臨時密碼到期"), null=True, blank=True)
    # The hash of a temporary password issued by 查詢帳號/密碼. It is kept apart from `password`
    # so that someone else asking for a reset never invalidates the owner's own password.
    temporary_password = models.CharField(_("臨時密碼（雜湊）"), max_length=128, blank=True, editable=False)

    class Meta:
        verbose_name = _("使用者")
        verbose_name_plural = _("使用者")

    def has_role(self, *roles: str) -> bool:
        if not (self.is_active and self.kind == self.Kind.STAFF):
            return False
        # A staff session counts only once it passed TOTP (django-otp's middleware attaches
        # `is_verified`); API-token users carry no such attribute and are checked by token.
        verified = getattr(self, "is_verified", None)
        if verified is not None and getattr(settings, "BACKOFFICE_REQUIRE_OTP", True) and not verified():
            return False
        if self.is_superuser:
            return True
        names = {role.value if hasattr(role, "value") else role for role in roles} | {StaffRole.ADMIN.value}
        return self.groups.filter(name__in=names).exists()


class CandidateProfile(models.Model):
    """考生基本資料 (SPEC §3). The national ID cannot be changed by the candidate after sign-up."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="candidate", verbose_name=_("帳號"))
    name_zh = models.CharField(_("中文姓名"), max_length=50)
    name_en = models.CharField(_("英文姓名"), max_length=100, blank=True)
    national_id = models.CharField(
        _("身分證字號/居留證號"), max_length=10, unique=True, validators=[validate_personal_id]
    )
    birthday = models.DateField(_("出生日期"), null=True, blank=True)
    mobile = models.CharField(_("手機"), max_length=20, blank=True)
    postal_address = models.CharField(_("通訊地址"), max_length=200, blank=True)
    school_or_employer = models.CharField(_("學校/服務單位"), max_length=100, blank=True)
    moea_training_recent = models.BooleanField(_("近三年內完成任一經濟部人才培訓課程結訓"), default=False)
    moea_training_certificate_on = models.DateField(_("人才培訓課程結訓（證書）日期"), null=True, blank=True)
    consent_version = models.CharField(_("同意書版本"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("同意時間"), null=True, blank=True)
    created_by_group = models.BooleanField(_("由團報建立"), default=False)
    profile_confirmed_at = models.DateTimeField(_("資料確認時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("考生基本資料")
        verbose_name_plural = _("考生基本資料")

    def __str__(self):
        return f"{self.name_zh} ({self.user.username})"
