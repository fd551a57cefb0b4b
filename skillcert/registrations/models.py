"""Registration 報名 (SPEC §4): one candidate, one exam session, chosen subjects and a price."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.catalog.models import Plan


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
    amount = models.PositiveIntegerField(_("應繳金額"))
    status = models.CharField(
        _("狀態"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.AWAITING_PAYMENT
    )
    payment_deadline = models.DateTimeField(_("繳費期限"), null=True, blank=True)
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
                condition=~Q(status__in=[s.value for s in CLOSED_STATES]),
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
