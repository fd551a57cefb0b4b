"""Registration 報名 (SPEC §4): one candidate, one exam session, chosen subjects and a price."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.catalog.models import Plan
from skillcert.core.uploads import document_filename


class RegistrationStatus(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", pgettext_lazy("registration", "資格審核中")
    AWAITING_PAYMENT = "awaiting_payment", pgettext_lazy("registration", "待繳費")
    PAID = "paid", pgettext_lazy("registration", "繳費成功")
    CANCELLED = "cancelled", pgettext_lazy("registration", "已取消")
    EXPIRED = "expired", pgettext_lazy("registration", "逾期未繳費")
    REFUNDED = "refunded", pgettext_lazy("registration", "已退費")


# Registrations in these states hold no seat and do not block a new registration.
CLOSED_STATES = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED, RegistrationStatus.REFUNDED)


class Registration(models.Model):
    TRANSITIONS = {
        RegistrationStatus.AWAITING_REVIEW: {
            RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.PAID, RegistrationStatus.CANCELLED,
        },
        RegistrationStatus.AWAITING_PAYMENT: {
            RegistrationStatus.PAID, RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED,
            RegistrationStatus.AWAITING_REVIEW,
        },
        RegistrationStatus.PAID: {RegistrationStatus.CANCELLED, RegistrationStatus.REFUNDED},
        RegistrationStatus.CANCELLED: {RegistrationStatus.REFUNDED},
        RegistrationStatus.EXPIRED: set(),
        RegistrationStatus.REFUNDED: set(),
    }  # fmt: skip

    candidate = models.ForeignKey(
        "accounts.CandidateProfile", on_delete=models.PROTECT, related_name="registrations", verbose_name=_("考生")
    )
    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.PROTECT, related_name="registrations", verbose_name=_("梯次")
    )
    region = models.ForeignKey("catalog.Region", on_delete=models.PROTECT, verbose_name=_("考區"))
    practical_venue = models.ForeignKey(
        "catalog.Venue", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("術科考場")
    )
    group_sitting = models.ForeignKey(
        "groups.GroupSitting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("團報"),
    )
    plan = models.CharField(_("方案"), max_length=20, choices=Plan.choices)
    # The recognised school or company an individual candidate named for the 認同方案.
    recognition_organisation = models.ForeignKey(
        "groups.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("認同單位"),
    )  # fmt: skip
    amount = models.PositiveIntegerField(_("應繳金額"))
    status = models.CharField(
        _("狀態"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.AWAITING_PAYMENT
    )
    payment_deadline = models.DateTimeField(_("繳費期限"), null=True, blank=True)
    plan_reason = models.CharField(_("適用方案說明"), max_length=200, blank=True)
    review_note = models.CharField(_("資格審核說明"), max_length=300, blank=True)
    admission_number = models.CharField(_("考試通知碼"), max_length=20, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("報名時間"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("報名")
        verbose_name_plural = _("報名")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "session"],
                condition=~Q(status__in=CLOSED_STATES),
                name="one_open_registration_per_session",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.candidate} {self.session}"


class RegistrationSubject(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="subjects")
    subject = models.ForeignKey("catalog.Subject", on_delete=models.PROTECT, related_name="registrations")
    fee = models.PositiveIntegerField(_("報名費"))
    dropped = models.BooleanField(_("已退考"), default=False)

    class Meta:
        verbose_name = _("報考考科")
        verbose_name_plural = _("報考考科")
        constraints = [
            models.UniqueConstraint(fields=["registration", "subject"], name="subject_once_per_registration")
        ]

    def __str__(self):
        return f"{self.registration_id} {self.subject}"


def _upload_path(instance, filename: str) -> str:
    return f"registrations/{instance.registration_id}/{document_filename(filename)}"


def _refund_upload_path(instance, filename: str) -> str:
    return f"refunds/{instance.refund_id}/{document_filename(filename)}"


class PlanDocument(models.Model):
    """Evidence for a plan that needs documents (30% plan, training certificate)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("證明文件"), upload_to=_upload_path)
    content_type = models.CharField(max_length=50)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("方案證明文件")
        verbose_name_plural = _("方案證明文件")

    def __str__(self):
        return f"{self.registration_id} {self.content_type}"


class SeatChoice(models.TextChoices):
    NONE = "", _("不需要")
    LAST_ROW_CHAIR = "last_row_chair", _("安排於教室最後一排，使用教室椅")
    LAST_ROW_WHEELCHAIR = "last_row_wheelchair", _("安排於教室最後一排，需加大座位區（輪椅座）")


class SpecialNeeds(models.Model):
    """身心障礙應考服務 (brochure 115 §3.4, 附錄一): what was asked, and staff's decision per item.

    A decision field is None until staff decide; True/False afterwards. The approved values
    are what seating and the exam engine read."""

    MAX_EXTRA_MINUTES = 20
    MAX_OTHER_CHARS = 300

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="special_needs")
    extra_minutes = models.PositiveSmallIntegerField(_("延長考試時間（分鐘/每科）"), default=0)
    enlarged_paper = models.BooleanField(_("放大試題（A3 紙本；電腦測驗可放大至 250%）"), default=False)
    ground_floor = models.BooleanField(_("安排在一樓或有電梯樓層"), default=False)
    seat = models.CharField(_("座位安排"), max_length=20, choices=SeatChoice.choices, blank=True, default="")
    other = models.TextField(
        _("其他需求"),
        blank=True,
        validators=[
            MaxLengthValidator(
                MAX_OTHER_CHARS, message=_("其他需求請以 %(limit_value)d 字以內說明（目前 %(show_value)d 字）。")
            )
        ],
    )
    document = models.FileField(_("身心障礙證明或公立醫院診斷證明"), upload_to=_upload_path)
    requested_at = models.DateTimeField(auto_now_add=True)

    approved_minutes = models.PositiveSmallIntegerField(_("核准延長分鐘"), null=True, blank=True)
    enlarged_paper_approved = models.BooleanField(_("放大試題核准"), null=True, blank=True)
    ground_floor_approved = models.BooleanField(_("一樓/電梯核准"), null=True, blank=True)
    seat_approved = models.BooleanField(_("座位安排核准"), null=True, blank=True)
    other_approved = models.BooleanField(_("其他需求核准"), null=True, blank=True)
    decision_note = models.CharField(_("審核說明"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("審核時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("身心障礙應考服務")
        verbose_name_plural = _("身心障礙應考服務")
        constraints = [
            models.CheckConstraint(condition=Q(extra_minutes__lte=20), name="special_needs_extra_minutes_max"),
            models.CheckConstraint(
                condition=Q(approved_minutes__isnull=True) | Q(approved_minutes__lte=F("extra_minutes")),
                name="special_needs_approved_within_requested",
            ),
        ]

    def __str__(self):
        return f"{self.registration_id} {_('應考服務')}"

    def requested_items(self) -> list[str]:
        return [
            name for name in ("extra_minutes", "enlarged_paper", "ground_floor", "seat", "other") if getattr(self, name)
        ]


class Postponement(models.Model):
    """延期公告: a sitting postponed by typhoon, earthquake, flood or epidemic (SPEC §7)."""

    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.CASCADE, related_name="postponements", verbose_name=_("梯次")
    )
    announced_on = models.DateField(_("延期公告日"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("考試延期公告")
        verbose_name_plural = _("考試延期公告")
        ordering = ["-announced_on"]

    def __str__(self):
        return f"{self.session} {self.announced_on}"


class RefundKind(models.TextChoices):
    FULL_IN_WINDOW = "full_in_window", _("繳費後於報名期間內取消報名，全額退費")
    FULL_POSTPONED = "full_postponed", _("考試延期致全程無法參加，全額退費")
    FULL_CANCELLED = "full_cancelled", _("梯次停辦，全額退費")
    PARTIAL = "partial", _("報名期間內因特殊原因部分退費")
    OTHER = "other", _("其他原因（由執行單位審酌）")


class RefundStatus(models.TextChoices):
    # A refund the sitting's cancellation owes: the candidate still gives the bank account.
    AWAITING_ACCOUNT = "awaiting_account", pgettext_lazy("refund", "待填退費帳戶")
    SUBMITTED = "submitted", pgettext_lazy("refund", "審核中")
    APPROVED = "approved", pgettext_lazy("refund", "同意退費")
    REFUSED = "refused", pgettext_lazy("refund", "不符合退費規定")
    PAID = "paid", pgettext_lazy("refund", "已退款")


class RefundRequest(models.Model):
    """取消報名及退費申請書 (brochure 115 附錄二)."""

    TRANSITIONS = {
        RefundStatus.AWAITING_ACCOUNT: {RefundStatus.APPROVED},
        RefundStatus.SUBMITTED: {RefundStatus.APPROVED, RefundStatus.REFUSED},
        RefundStatus.APPROVED: {RefundStatus.PAID},
        RefundStatus.REFUSED: set(),
        RefundStatus.PAID: set(),
    }

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="refund_requests")
    kind = models.CharField(_("申請事由"), max_length=20, choices=RefundKind.choices)
    reason = models.TextField(_("說明"), blank=True)
    requested_amount = models.PositiveIntegerField(_("申請退費金額"))
    bank_code = models.CharField(_("銀行代碼"), max_length=3)
    branch_code = models.CharField(_("分行代碼"), max_length=4)
    account_number = models.CharField(_("帳號"), max_length=16)
    account_holder = models.CharField(_("戶名"), max_length=100)
    status = models.CharField(_("狀態"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.SUBMITTED)
    approved_amount = models.PositiveIntegerField(_("可退費金額"), null=True, blank=True)
    decision_note = models.CharField(_("審核說明"), max_length=300, blank=True)
    refunded_amount = models.PositiveIntegerField(_("實際退款金額"), null=True, blank=True)
    refunded_on = models.DateField(_("退款日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("申請時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("取消報名及退費申請")
        verbose_name_plural = _("取消報名及退費申請")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk} {self.registration}"


class RefundLine(models.Model):
    """One subject's line of the application: what was paid and what is asked back."""

    refund = models.ForeignKey(RefundRequest, on_delete=models.CASCADE, related_name="lines")
    registration_subject = models.ForeignKey(RegistrationSubject, on_delete=models.PROTECT, related_name="+")
    paid = models.PositiveIntegerField(_("原繳費金額"))
    amount = models.PositiveIntegerField(_("申請退費金額"))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__lte=F("paid")), name="refund_line_within_paid")]

    def __str__(self):
        return f"{self.registration_subject_id} {self.amount}"


class RefundAttachment(models.Model):
    refund = models.ForeignKey(RefundRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=_refund_upload_path)
    content_type = models.CharField(max_length=50)

    def __str__(self):
        return f"{self.refund_id} {self.content_type}"
