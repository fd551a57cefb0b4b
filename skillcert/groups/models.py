"""Group registration 團報 (SPEC §8): organisations, their coordinators, group sittings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.registrations.models import RefundKind


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("學校")
        COMPANY = "company", _("企業")
        # iPAS x 人培再充電 course organiser (brochure 113 §3.3 備註6): registers its trainees
        # for free; staff set this kind (the coordinator cannot).
        ORGANISER = "organiser", _("人培再充電課程辦理單位")

    group_code = models.CharField(_("團報代碼"), max_length=20, unique=True)
    name = models.CharField(_("單位名稱"), max_length=100)
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices, default=Kind.SCHOOL)
    business_number = models.CharField(_("統一編號"), max_length=8)
    invoice_title = models.CharField(_("發票抬頭"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    recognition_signed_on = models.DateField(_("簽署 iPAS 認同日期"), null=True, blank=True)
    # Staff confirm the signed recognition (against the programme's list of 認同 signatories);
    # a changed signing date clears it. Only a confirmed recognition prices the 認同方案.
    recognition_confirmed_at = models.DateTimeField(_("認同確認時間"), null=True, blank=True)
    contact_email = models.EmailField(_("聯絡信箱"), blank=True)
    # Where refunds of money the organisation paid go (brochure 115 附錄二 註1).
    refund_bank_code = models.CharField(_("退費銀行代碼"), max_length=3, blank=True)
    refund_branch_code = models.CharField(_("退費分行代碼"), max_length=4, blank=True)
    refund_account_number = models.CharField(_("退費帳號"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("團報單位")
        verbose_name_plural = _("團報單位")

    def __str__(self):
        return self.name

    @property
    def has_recognition(self) -> bool:
        return self.recognition_signed_on is not None and self.recognition_confirmed_at is not None

    @property
    def is_recharge_organiser(self) -> bool:
        return self.kind == self.Kind.ORGANISER


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


class Remittance(models.Model):
    """One group remittance 匯款 to the fixed account, recorded by finance (SPEC §6)."""

    group_sitting = models.ForeignKey(GroupSitting, on_delete=models.PROTECT, related_name="remittances")
    amount = models.PositiveIntegerField(_("匯款金額"))
    remitted_on = models.DateField(_("匯款日期"))
    bank_reference = models.CharField(_("銀行交易序號"), max_length=40, unique=True)
    registrations = models.ManyToManyField("registrations.Registration", related_name="+", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("團報匯款")
        verbose_name_plural = _("團報匯款")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.group_sitting} {self.amount}"


class Invoice(models.Model):
    """單一發票: one invoice to the organisation's title and 統一編號 per remittance."""

    remittance = models.OneToOneField(Remittance, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(_("發票號碼"), max_length=10, unique=True)
    title = models.CharField(_("發票抬頭"), max_length=100)
    business_number = models.CharField(_("統一編號"), max_length=8)
    amount = models.PositiveIntegerField(_("金額"))
    issued_on = models.DateField(_("開立日期"))

    class Meta:
        verbose_name = _("團報發票")
        verbose_name_plural = _("團報發票")

    def __str__(self):
        return self.number


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("group request", "審核中")
    APPROVED = "approved", pgettext_lazy("group request", "同意")
    REFUSED = "refused", pgettext_lazy("group request", "不同意")


DECISION_TRANSITIONS = {
    RequestStatus.SUBMITTED: {RequestStatus.APPROVED, RequestStatus.REFUSED},
    RequestStatus.APPROVED: set(),
    RequestStatus.REFUSED: set(),
}


class DecidedRequest(models.Model):
    """A coordinator's request that staff approve or refuse once (venue, refund, change)."""

    TRANSITIONS = DECISION_TRANSITIONS

    status = models.CharField(_("狀態"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    decision_note = models.CharField(_("審核說明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class VenueRequest(DecidedRequest):
    """專屬考場 request (SPEC §8): the group provides the room; staff decide."""

    class Kind(models.TextChoices):
        WRITTEN = "written", _("學科（電腦教室）")
        PRACTICAL = "practical", _("術科實作")

    group_sitting = models.ForeignKey(GroupSitting, on_delete=models.CASCADE, related_name="venue_requests")
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices)
    candidates = models.PositiveIntegerField(_("預計應考人數"))
    room = models.TextField(_("場地說明（地址、教室、電腦規格）"))

    class Meta(DecidedRequest.Meta):
        verbose_name = _("專屬考場申請")
        verbose_name_plural = _("專屬考場申請")

    def __str__(self):
        return f"{self.group_sitting} {self.get_kind_display()}"


class GroupRefundRequest(DecidedRequest):
    """Cancellation/refund for group candidates, filed by their coordinator (SPEC §7): the money
    goes back to the organisation's account, never to a candidate."""

    group_sitting = models.ForeignKey(GroupSitting, on_delete=models.CASCADE, related_name="refund_requests")
    registrations = models.ManyToManyField("registrations.Registration", related_name="+")
    kind = models.CharField(_("申請事由"), max_length=20, choices=RefundKind.choices, default=RefundKind.OTHER)
    # One application per candidate, decided, paid out and shown like an individual's (SPEC §7).
    refunds = models.ManyToManyField("registrations.RefundRequest", related_name="group_requests", blank=True)
    reason = models.TextField(_("申請原因"), blank=True)
    amount = models.PositiveIntegerField(_("申請退費金額"))
    bank_code = models.CharField(_("銀行代碼"), max_length=3)
    branch_code = models.CharField(_("分行代碼"), max_length=4)
    account_number = models.CharField(_("帳號"), max_length=16)
    account_holder = models.CharField(_("戶名（單位）"), max_length=100)

    class Meta(DecidedRequest.Meta):
        verbose_name = _("團報退費申請")
        verbose_name_plural = _("團報退費申請")

    def __str__(self):
        return f"#{self.pk} {self.group_sitting}"


class GroupChangeRequest(DecidedRequest):
    """考科、考區、術科考場異動 for one group candidate, filed by the coordinator before the group
    registration deadline (brochure 115 §3.2-3); staff decide and approval applies the change
    through the registrations' staff edit. Empty fields mean "unchanged"."""

    group_sitting = models.ForeignKey(GroupSitting, on_delete=models.CASCADE, related_name="change_requests")
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="+", verbose_name=_("報名")
    )
    subjects = models.ManyToManyField("catalog.Subject", related_name="+", blank=True, verbose_name=_("改報考科"))
    region = models.ForeignKey(
        "catalog.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("改至考區")
    )
    practical_venue = models.ForeignKey(
        "catalog.Venue", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("改至術科考場"),
    )  # fmt: skip
    reason = models.TextField(_("申請原因"))

    class Meta(DecidedRequest.Meta):
        verbose_name = _("團報異動申請")
        verbose_name_plural = _("團報異動申請")

    def __str__(self):
        return f"#{self.pk} {self.group_sitting}"
