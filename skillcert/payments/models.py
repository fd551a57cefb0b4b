"""Payments 繳費 (SPEC §6): one-time virtual accounts, the bank's credit lines and import batches.

A registration's "paid" state lives on the Registration (registrations engineer); this
package records the money: which account was issued for which amount, what the bank said
arrived, and how finance settled every line that did not match by itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("virtual account", "待繳費")
    PAID = "paid", pgettext_lazy("virtual account", "已入帳")
    SUPERSEDED = "superseded", pgettext_lazy("virtual account", "已作廢（金額異動）")
    EXPIRED = "expired", pgettext_lazy("virtual account", "已逾期")


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("報名費")
    CERTIFICATE_REISSUE = "certificate_reissue", _("證書補發工本費")
    OTHER = "other", _("其他費用")


class VirtualAccount(models.Model):
    """一組虛擬帳號: one amount, one payment, one deadline (brochures §6.1)."""

    TRANSITIONS = {
        AccountStatus.ACTIVE: {AccountStatus.PAID, AccountStatus.SUPERSEDED, AccountStatus.EXPIRED},
        # Finance may accept money that reached an expired or superseded account (audited).
        AccountStatus.EXPIRED: {AccountStatus.PAID},
        AccountStatus.SUPERSEDED: {AccountStatus.PAID},
        AccountStatus.PAID: set(),
    }

    number = models.CharField(_("虛擬帳號"), max_length=14, null=True, blank=True)  # unique: Meta
    bank_code = models.CharField(_("銀行代碼"), max_length=3)
    registration = models.ForeignKey(
        "registrations.Registration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="virtual_accounts",
        verbose_name=_("報名"),
    )
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices, default=Purpose.REGISTRATION)
    reference = models.CharField(_("參考編號"), max_length=60, blank=True)  # indexed: Meta
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("繳費人"),
    )  # fmt: skip
    amount = models.PositiveIntegerField(_("金額"))
    deadline = models.DateTimeField(_("繳費期限"))
    status = models.CharField(_("狀態"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("新帳號")
    )
    issued_at = models.DateTimeField(_("產生時間"), auto_now_add=True)
    paid_at = models.DateTimeField(_("入帳時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("虛擬帳號")
        verbose_name_plural = _("虛擬帳號")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="active", registration__isnull=False),
                name="one_active_account_per_registration",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="virtual_account_amount_positive"),
            # Constraint and index in Meta rather than unique=/db_index= on the fields: the same
            # lookups, without the LIKE-pattern index copies every insert would also maintain.
            models.UniqueConstraint(fields=["number"], name="virtual_account_number_unique"),
        ]
        indexes = [models.Index(fields=["reference"], name="virtual_account_reference")]

    def __str__(self):
        return f"{self.number} NT${self.amount:,}"


class ImportBatch(models.Model):
    """One bank file as imported: who, when, what format, and the summary finance saw."""

    created_at = models.DateTimeField(_("匯入時間"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("匯入者"),
    )  # fmt: skip
    source = models.CharField(_("來源"), max_length=20)  # upload / command / api
    filename = models.CharField(_("檔名"), max_length=200, blank=True)
    file_format = models.CharField(_("格式"), max_length=10)
    sha256 = models.CharField(_("檔案雜湊"), max_length=64, db_index=True)
    lines = models.PositiveIntegerField(_("筆數"), default=0)
    matched = models.PositiveIntegerField(_("自動銷帳"), default=0)
    exceptions = models.PositiveIntegerField(_("待處理"), default=0)
    duplicates_skipped = models.PositiveIntegerField(_("已匯入略過"), default=0)

    class Meta:
        verbose_name = _("銀行入帳檔匯入")
        verbose_name_plural = _("銀行入帳檔匯入")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.filename} ({self.lines})"

    @property
    def changes(self) -> int:
        return self.matched + self.exceptions


class CreditStatus(models.TextChoices):
    MATCHED = "matched", pgettext_lazy("credit", "自動銷帳")
    EXCEPTION = "exception", pgettext_lazy("credit", "待處理")
    ACCEPTED = "accepted", pgettext_lazy("credit", "人工確認入帳")
    REFUND_PENDING = "refund_pending", pgettext_lazy("credit", "待退還匯款人")
    REFUNDED = "refunded", pgettext_lazy("credit", "已退還匯款人")
    DISMISSED = "dismissed", pgettext_lazy("credit", "無需處理")


class ExceptionReason(models.TextChoices):
    UNDERPAID = "underpaid", _("繳費金額不足")
    OVERPAID = "overpaid", _("繳費金額超過應繳金額")
    UNKNOWN_ACCOUNT = "unknown_account", _("查無此虛擬帳號")
    BAD_CHECK = "bad_check", _("檢查碼不符（帳號或金額有誤或遭竄改）")
    EXPIRED = "expired", _("虛擬帳號已逾繳費期限")
    SUPERSEDED = "superseded", _("虛擬帳號已作廢（金額異動後已改發新帳號）")
    ALREADY_PAID = "already_paid", _("此虛擬帳號已繳費（重複繳款）")
    REGISTRATION_CLOSED = "registration_closed", _("報名已取消、逾期或已退費")
    DUPLICATE_IN_FILE = "duplicate_in_file", _("同一檔案中銀行交易序號重複")


class BankCredit(models.Model):
    """One credit line of a bank file. The bank's transaction ID is unique (idempotent import);
    a second line with the same ID in one file is kept as an exception pointing at the first."""

    TRANSITIONS = {
        CreditStatus.MATCHED: set(),
        CreditStatus.EXCEPTION: {CreditStatus.ACCEPTED, CreditStatus.REFUND_PENDING, CreditStatus.DISMISSED},
        CreditStatus.REFUND_PENDING: {CreditStatus.REFUNDED, CreditStatus.ACCEPTED},
        CreditStatus.ACCEPTED: set(),
        CreditStatus.REFUNDED: set(),
        CreditStatus.DISMISSED: set(),
    }

    # Few indexes on purpose: every index is written for each of the file's lines.
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="credits", verbose_name=_("匯入批次"), db_index=False
    )
    line_number = models.PositiveIntegerField(_("行號"))
    bank_txn_id = models.CharField(_("銀行交易序號"), max_length=20)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("重複於"),
        db_index=False,
    )  # fmt: skip
    value_at = models.DateTimeField(_("入帳時間"))
    account_number = models.CharField(_("虛擬帳號"), max_length=20)
    amount = models.PositiveIntegerField(_("金額"))
    payer_bank = models.CharField(_("匯款銀行"), max_length=7, blank=True)
    payer_account = models.CharField(_("匯款帳號"), max_length=16, blank=True)
    payer_name = models.CharField(_("匯款人"), max_length=60, blank=True)
    virtual_account = models.ForeignKey(
        VirtualAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="credits",
        verbose_name=_("對應帳號"),
    )  # fmt: skip
    registration = models.ForeignKey(
        "registrations.Registration", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_credits",
        verbose_name=_("對應報名"),
    )  # fmt: skip
    status = models.CharField(_("狀態"), max_length=20, choices=CreditStatus.choices)
    reason = models.CharField(_("待處理原因"), max_length=30, choices=ExceptionReason.choices, blank=True)
    detail = models.CharField(_("說明"), max_length=300, blank=True)
    resolution_note = models.CharField(_("處理說明"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("處理人"), db_index=False,
    )  # fmt: skip
    resolved_at = models.DateTimeField(_("處理時間"), null=True, blank=True)
    refunded_on = models.DateField(_("退還日期"), null=True, blank=True)
    notified_at = models.DateTimeField(_("已通知考生"), null=True, blank=True)

    class Meta:
        verbose_name = _("銀行入帳明細")
        verbose_name_plural = _("銀行入帳明細")
        ordering = ["batch_id", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank_txn_id"], condition=Q(duplicate_of__isnull=True), name="bank_txn_id_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_credit_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["batch", "status"], name="credit_batch_status"),
            # The exception queue: small, since nearly every line matches.
            models.Index(
                fields=["value_at"], condition=Q(status__in=["exception", "refund_pending"]), name="credit_open_queue"
            ),
        ]

    def __str__(self):
        return f"{self.bank_txn_id} {self.account_number} NT${self.amount:,}"


class InvoiceKind(models.TextChoices):
    """How an individual wants the e-invoice 電子發票 (docs/einvoice.md)."""

    MOBILE = "mobile", _("手機條碼載具")
    CITIZEN = "citizen", _("自然人憑證載具")
    DONATION = "donation", _("捐贈（愛心碼）")
    COMPANY = "company", _("公司報帳（抬頭及統一編號）")


class InvoiceRequest(models.Model):
    """The e-invoice data an individual (a registration, or a certificate reissue) gives; once
    the payment is confirmed the invoice is issued (`number`, `issued_at`) and finance exports
    it in the MIG 4.0 F0401 message (payments.einvoice)."""

    registration = models.OneToOneField(
        "registrations.Registration", null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_request"
    )
    reissue = models.OneToOneField(
        "certificates.ReissueRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_request"
    )
    kind = models.CharField(_("發票方式"), max_length=10, choices=InvoiceKind.choices)
    carrier_id = models.CharField(_("載具號碼"), max_length=16, blank=True)
    donation_code = models.CharField(_("愛心碼"), max_length=7, blank=True)
    company_title = models.CharField(_("發票抬頭"), max_length=60, blank=True)
    business_number = models.CharField(_("統一編號"), max_length=8, blank=True)
    number = models.CharField(_("發票號碼"), max_length=10, null=True, blank=True, unique=True)
    amount = models.PositiveIntegerField(_("金額（含稅）"), null=True, blank=True)
    issued_at = models.DateTimeField(_("開立時間"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("電子發票資料")
        verbose_name_plural = _("電子發票資料")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, reissue__isnull=True)
                | Q(registration__isnull=True, reissue__isnull=False),
                name="invoice_request_one_purchase",
            )
        ]

    def __str__(self):
        return self.number or f"#{self.pk} {self.get_kind_display()}"
