"""Running a job once per period, whichever of several schedulers gets there first.

The lock is the row: `JobRun` has a unique (job, period_start) pair, so of two schedulers
inserting the same period one insert fails and that scheduler skips the run. It works the same
on SQLite and PostgreSQL, needs no lock server, survives restarts, and leaves a record
(when, where, output) the back office can read."""

import datetime as dt
import logging
import os
import socket
import traceback

from django.db import IntegrityError, transaction

from skillcert.core import clock

from .jobs import Job
from .models import JobRun

log = logging.getLogger(__name__)
RUNNER = f"{socket.gethostname()}:{os.getpid()}"


def period_start(job: Job, now: dt.datetime) -> dt.datetime:
    """The start of the period `now` falls in: for a daily job the last time its wall-clock
    time (Asia/Taipei) passed, before that the previous day's; otherwise the last multiple of
    `every` since the epoch, so every scheduler computes the same periods."""
    if job.at is not None:
        today_at = clock.at(clock.local(now).date(), *job.at)
        return today_at if today_at <= now else today_at - dt.timedelta(days=1)
    step = int(job.every.total_seconds())
    return dt.datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=dt.UTC)


def job_claim(*, job: Job, period: dt.datetime) -> JobRun | None:
    """The run's row if this caller won the period, None if another scheduler already has it."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, period_start=period, runner=RUNNER, started_at=clock.now())
    except IntegrityError:
        return None


def job_run_once(*, job: Job, now: dt.datetime | None = None) -> JobRun | None:
    """Run `job` for the period `now` falls in unless some scheduler already did; returns the
    run's row if it ran here. A failing job is recorded (succeeded False, the traceback) and
    runs again next period."""
    run = job_claim(job=job, period=period_start(job, now or clock.now()))
    if run is None:
        return None
    try:
        run.output, run.succeeded = job.call(), True
    except Exception:  # noqa: BLE001 - any failure is recorded; the scheduler goes on
        log.exception("scheduled job %s failed", job.name)
        run.output, run.succeeded = traceback.format_exc(), False
    run.finished_at = clock.now()
    run.save(update_fields=["output", "succeeded", "finished_at"])
    return run
