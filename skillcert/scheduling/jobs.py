"""The periodic jobs, each a management command that is safe to run twice (docs/architecture.md,
'Periodic jobs'). `every` is the period; a daily job also has its Taipei wall-clock time.

A job runs at most once per period whatever the number of schedulers (`runs.job_run_once`), and
a scheduler that starts late runs a job whose current period has not run yet at once (a missed
08:00 announcement is made at start, not tomorrow)."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    at: tuple[int, int] | None = None  # daily jobs: (hour, minute) Asia/Taipei
    args: tuple = field(default=())

    def call(self) -> str:
        """Run the command; its output is kept on the run's row."""
        from io import StringIO

        out = StringIO()
        call_command(self.name, *self.args, stdout=out, stderr=out)
        return out.getvalue()


JOBS = [
    Job("recover_stale_tasks", every=5 * MINUTE),  # tasks a dead worker left RUNNING run again
    Job("expire_unpaid_holds", every=10 * MINUTE),  # seats of unpaid holds past deadline return
    Job("expire_virtual_accounts", every=DAY, at=(0, 15)),  # past-deadline accounts stop matching
    Job("notify_scores_published", every=DAY, at=(8, 0)),  # publication day: candidates told
    Job("announce_certifications", every=DAY, at=(8, 5)),  # publication day: certificates issued
    Job("send_exam_notices", every=DAY, at=(9, 0)),  # from the notice date: exam notices e-mailed and texted
    Job("cbt_submit_due", every=MINUTE),  # computer-based tests past their end are submitted and graded
]


def jobs() -> list[Job]:
    """The schedule; SCHEDULER_EVERY_SECONDS (benchmarks, rehearsals) runs every job that often."""
    seconds = settings.SCHEDULER_EVERY_SECONDS
    if not seconds:
        return list(JOBS)
    return [Job(job.name, every=dt.timedelta(seconds=seconds), args=job.args) for job in JOBS]
