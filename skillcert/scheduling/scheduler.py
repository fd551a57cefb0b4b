"""The scheduler process (`manage.py run_scheduler`): APScheduler 3 triggers each job on its
period, `runs.job_run_once` makes sure it runs once per period across schedulers."""

import datetime as dt

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.db import close_old_connections

from skillcert.core import clock

from .jobs import Job, jobs
from .runs import job_run_once


def _trigger(job: Job):
    if job.at is not None:
        return CronTrigger(hour=job.at[0], minute=job.at[1], timezone=settings.TIME_ZONE)
    # Aligned on the epoch, as runs.period_start counts periods: every scheduler fires together.
    start = dt.datetime.fromtimestamp(0, tz=dt.UTC)
    return IntervalTrigger(seconds=int(job.every.total_seconds()), start_date=start, timezone=dt.UTC)


def scheduler_build(*, on_run=None, schedule: list[Job] | None = None) -> BlockingScheduler:
    """Every job on its trigger, plus once right at start (a late start catches up on the
    current period); `on_run(job, run)` is told of each run made here."""
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)

    def tick(job: Job) -> None:
        close_old_connections()  # each run in APScheduler's threads starts on a sound connection
        try:
            run = job_run_once(job=job)
        finally:
            close_old_connections()
        if run is not None and on_run is not None:
            on_run(job, run)

    for job in jobs() if schedule is None else schedule:
        scheduler.add_job(
            tick, _trigger(job), args=[job], id=job.name, next_run_time=clock.now(), coalesce=True,
            max_instances=1, misfire_grace_time=None, jitter=None,
        )  # fmt: skip
    return scheduler
