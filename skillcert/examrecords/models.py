"""What happens to a seated candidate around exam day, kept apart from `examday`'s seating
tables: the exam notice 考試通知 sent on the notice date, and the proctor's roll call 點名 of
each subject period. The rules and services are in `skillcert.examday` (`notices`, `rollcall`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExamNoticeSent(models.Model):
    """The exam notice e-mail/SMS went out for this registration (`send_exam_notices` runs daily
    and skips registrations whose row announced the sitting's current exam date; a postponed
    sitting's notices go out again, the row updated)."""

    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="exam_notice_sent",
        verbose_name=_("報名"),
    )  # fmt: skip
    sent_at = models.DateTimeField(_("寄發時間"))
    # The exam date the notice announced: a sitting postponed since is noticed again.
    exam_date = models.DateField(_("通知的考試日期"))
    emailed = models.BooleanField(_("已寄 E-mail"), default=False)
    texted = models.BooleanField(_("已傳簡訊"), default=False)

    class Meta:
        verbose_name = _("考試通知寄發紀錄")
        verbose_name_plural = _("考試通知寄發紀錄")

    def __str__(self):
        return f"{self.registration_id} {self.sent_at:%Y-%m-%d}"


class RollCallStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("roll call", "到考")
    ABSENT = "absent", pgettext_lazy("roll call", "缺考")
    REFUSED = "refused", pgettext_lazy("roll call", "逾時拒絕入場")


class RollCall(models.Model):
    """The proctor's mark for one candidate and one subject period, in the room the candidate
    was seated in (§3.4 2.(1)B: entry up to 20 minutes after the start; later is refused)."""

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="roll_calls", verbose_name=_("報名")
    )
    period = models.ForeignKey(
        "catalog.SessionSubject", on_delete=models.CASCADE, related_name="roll_calls", verbose_name=_("考試時段")
    )
    room = models.ForeignKey(
        "examday.Room", on_delete=models.PROTECT, related_name="roll_calls", verbose_name=_("試場")
    )
    status = models.CharField(_("點名"), max_length=10, choices=RollCallStatus.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("監試人員"),
    )  # fmt: skip
    marked_at = models.DateTimeField(_("點名時間"))

    class Meta:
        verbose_name = _("點名紀錄")
        verbose_name_plural = _("點名紀錄")
        constraints = [models.UniqueConstraint(fields=["registration", "period"], name="roll_call_once_per_period")]

    def __str__(self):
        return f"{self.registration_id} {self.period_id} {self.status}"

    @property
    def attended(self) -> bool:
        return self.status == RollCallStatus.PRESENT
