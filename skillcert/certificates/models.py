"""Certificates 證書 (SPEC §11; brochure 115 §4.3): issue, renewal 換發, reissue 補發, revocation.

A Certificate row is one printed certificate. Its stored status is valid / replaced / revoked;
'expired' is derived from `valid_until` (初級: permanent, null). A renewal or a reissue creates
a new Certificate that `replaces` the old one, which then shows as replaced."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.core.uploads import document_filename


def new_verify_token() -> str:
    return secrets.token_urlsafe(12)


class CertificateStatus(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate", "有效")
    REPLACED = "replaced", pgettext_lazy("certificate", "已換發/補發（原證書失效）")
    REVOKED = "revoked", pgettext_lazy("certificate", "已撤銷")


class CertificateKind(models.TextChoices):
    ISSUE = "issue", _("核發")
    RENEWAL = "renewal", _("換發")
    REISSUE = "reissue", _("補發")


class Certificate(models.Model):
    TRANSITIONS = {
        CertificateStatus.VALID: {CertificateStatus.REPLACED, CertificateStatus.REVOKED},
        CertificateStatus.REPLACED: set(),
        CertificateStatus.REVOKED: set(),
    }

    number = models.CharField(_("證書字號"), max_length=32, unique=True)
    candidate = models.ForeignKey(
        "accounts.CandidateProfile", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("考生")
    )
    level = models.ForeignKey("catalog.Level", on_delete=models.PROTECT, related_name="certificates")
    outcome = models.ForeignKey(
        "scoring.Outcome", null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    kind = models.CharField(_("類別"), max_length=10, choices=CertificateKind.choices, default=CertificateKind.ISSUE)
    status = models.CharField(
        _("狀態"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    # The name as printed: a later profile change does not alter a printed certificate.
    holder_name = models.CharField(_("姓名"), max_length=50)
    holder_name_en = models.CharField(_("英文姓名"), max_length=100, blank=True)
    issued_on = models.DateField(_("發證日期"))
    valid_from = models.DateField(_("效期起日"))
    valid_until = models.DateField(_("效期迄日"), null=True, blank=True, help_text=_("空白表示永久有效。"))
    # Temporary proof 授證資格臨時證明 is offered until this date (certificates mailed + grace).
    proof_until = models.DateField(_("臨時證明提供至"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name=_("取代")
    )
    print_batch = models.ForeignKey(
        "PrintBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("印製批次"),
    )
    verify_token = models.CharField(max_length=32, default=new_verify_token, editable=False)
    revoked_reason = models.TextField(_("撤銷原因"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("證書")
        verbose_name_plural = _("證書")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "level"], condition=Q(status="valid"), name="certificate_one_valid_per_level"
            )
        ]

    def __str__(self):
        return self.number


class PrintBatch(models.Model):
    """證書寄發: the certificates of one sitting printed together and sent by registered post
    (certificates.mailing). Once mailed, the holders see the date and the temporary proof ends."""

    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.PROTECT, related_name="print_batches", verbose_name=_("梯次")
    )
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("建立者")
    )
    mailed_on = models.DateField(_("寄出日期"), null=True, blank=True)
    mailed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("證書印製批次")
        verbose_name_plural = _("證書印製批次")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.session} #{self.pk}"


class NumberCounter(models.Model):
    """The last serial given per item, ROC year and level rank; raised in the issuing transaction."""

    item_code = models.CharField(max_length=20)
    roc_year = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item_code", "roc_year", "rank"], name="certificate_counter_unique")
        ]

    def __str__(self):
        return f"{self.item_code}-{self.roc_year}-L{self.rank}: {self.last}"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("certificate request", "填寫中")
    AWAITING_PAYMENT = "awaiting_payment", pgettext_lazy("certificate request", "待繳費")
    SUBMITTED = "submitted", pgettext_lazy("certificate request", "審查中")
    RETURNED = "returned", pgettext_lazy("certificate request", "需補件")
    APPROVED = "approved", pgettext_lazy("certificate request", "已核發")
    REJECTED = "rejected", pgettext_lazy("certificate request", "不予核發")
    CANCELLED = "cancelled", pgettext_lazy("certificate request", "已取消")


class RenewalRequest(models.Model):
    """換發 (中級): in the last 3 months of validity, ≥48 hours of related training evidenced."""

    TRANSITIONS = {
        RequestStatus.DRAFT: {RequestStatus.SUBMITTED, RequestStatus.CANCELLED},
        RequestStatus.SUBMITTED: {RequestStatus.APPROVED, RequestStatus.RETURNED, RequestStatus.REJECTED},
        RequestStatus.RETURNED: {RequestStatus.SUBMITTED, RequestStatus.CANCELLED},
        RequestStatus.APPROVED: set(),
        RequestStatus.REJECTED: set(),
        RequestStatus.CANCELLED: set(),
    }

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="renewals")
    status = models.CharField(_("狀態"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    submitted_at = models.DateTimeField(_("送出時間"), null=True, blank=True)
    decision_note = models.TextField(_("審查說明"), blank=True)
    new_certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="from_renewal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("證書換發申請")
        verbose_name_plural = _("證書換發申請")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=~Q(status__in=["rejected", "cancelled"]),
                name="renewal_one_open_per_certificate",
            )
        ]

    def __str__(self):
        return f"{self.certificate} {self.get_status_display()}"


def _evidence_path(instance, filename: str) -> str:
    return f"certificates/renewal/{instance.request_id}/{document_filename(filename)}"


class TrainingRecord(models.Model):
    """One line of 附錄四-1 資格文件檢核表: a work record or a course, with its evidence."""

    class Kind(models.TextChoices):
        WORK = "work", _("工作經歷")
        COURSE = "course", _("訓練課程")

    class Result(models.TextChoices):
        PENDING = "pending", pgettext_lazy("record check", "待檢核")
        ACCEPTED = "accepted", pgettext_lazy("record check", "符合")
        REFUSED = "refused", pgettext_lazy("record check", "不符合")

    request = models.ForeignKey(RenewalRequest, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices)
    organisation = models.CharField(_("服務機構/開課單位"), max_length=100)
    title = models.CharField(_("部門業務別/課程名稱"), max_length=150)
    started_on = models.DateField(_("起日"))
    ended_on = models.DateField(_("迄日"))
    hours = models.PositiveSmallIntegerField(_("課程時數"), default=0)
    relevance = models.CharField(_("自評與鑑定項目之相關性"), max_length=300)
    evidence = models.FileField(_("證明文件"), upload_to=_evidence_path)
    result = models.CharField(_("檢核結果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    result_note = models.CharField(_("檢核說明"), max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("換發資格文件")
        verbose_name_plural = _("換發資格文件")
        ordering = ["request", "kind", "started_on"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.title}"


class ReissueReason(models.TextChoices):
    LOST = "lost", _("遺失")
    DAMAGED = "damaged", _("污損")
    CORRECTION = "correction", _("資料改註")


class ReissueRequest(models.Model):
    """補發: inside the year's windows, fee paid through a virtual account, then staff approve."""

    TRANSITIONS = {
        RequestStatus.AWAITING_PAYMENT: {RequestStatus.SUBMITTED, RequestStatus.CANCELLED},
        RequestStatus.SUBMITTED: {RequestStatus.APPROVED, RequestStatus.REJECTED},
        RequestStatus.APPROVED: set(),
        RequestStatus.REJECTED: set(),
        RequestStatus.CANCELLED: set(),
    }

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reissues")
    reason = models.CharField(_("補發原因"), max_length=20, choices=ReissueReason.choices)
    correction = models.CharField(_("改註後應為"), max_length=200, blank=True)
    status = models.CharField(
        _("狀態"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.AWAITING_PAYMENT
    )
    fee = models.PositiveIntegerField(_("工本費"))
    payment_reference = models.CharField(_("繳費參考編號"), max_length=40, unique=True, null=True, blank=True)
    virtual_account = models.ForeignKey(
        "payments.VirtualAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    virtual_account_number = models.CharField(_("繳費帳號"), max_length=40, blank=True)
    payment_deadline = models.DateTimeField(_("繳費期限"), null=True, blank=True)
    paid_at = models.DateTimeField(_("繳費確認時間"), null=True, blank=True)
    decision_note = models.TextField(_("審查說明"), blank=True)
    new_certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="from_reissue"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("證書補發申請")
        verbose_name_plural = _("證書補發申請")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(status__in=["awaiting_payment", "submitted"]),
                name="reissue_one_open_per_certificate",
            )
        ]

    def __str__(self):
        return f"{self.certificate} {self.get_reason_display()} {self.get_status_display()}"
