"""One row per job and period: the lock that lets several schedulers run side by side."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """A periodic job's run for one period. The unique (job, period) pair is the lock: the
    scheduler that inserts the row runs the job; every other one finds the row and skips."""

    job = models.CharField(_("排程工作"), max_length=100)
    period_start = models.DateTimeField(_("期間起點"))
    runner = models.CharField(_("執行者"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("開始時間"))
    finished_at = models.DateTimeField(_("結束時間"), null=True, blank=True)
    succeeded = models.BooleanField(_("成功"), null=True)
    output = models.TextField(_("輸出"), blank=True)

    class Meta:
        verbose_name = _("排程執行紀錄")
        verbose_name_plural = _("排程執行紀錄")
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="scheduling_jobrun_once")]
        indexes = [models.Index(fields=["job", "-period_start"], name="scheduling_jobrun_latest")]

    def __str__(self):
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"
