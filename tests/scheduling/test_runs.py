"""Periodic jobs run once per period, however many schedulers run them (the unique (job,
period) row is the lock), on SQLite and PostgreSQL."""

import datetime as dt
import threading
import time
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection

from skillcert.core import clock
from skillcert.scheduling.jobs import DAY, JOBS, MINUTE, Job
from skillcert.scheduling.models import JobRun
from skillcert.scheduling.runs import job_run_once, period_start
from skillcert.scheduling.scheduler import scheduler_build

calls: list[str] = []
calls_lock = threading.Lock()


@dataclass(frozen=True)
class Probe(Job):
    """A job that counts its runs (and holds the period a moment, as a real job would)."""

    fails: bool = False

    def call(self) -> str:
        with calls_lock:
            calls.append(self.name)
        time.sleep(0.05)
        if self.fails:
            raise RuntimeError("the bank file server is down")
        return "done"


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def test_a_daily_job_s_period_starts_at_its_taipei_time():
    job = Job("announce_certifications", every=DAY, at=(8, 5))
    day = dt.date(2026, 7, 15)
    assert period_start(job, clock.at(day, 9)) == clock.at(day, 8, 5)
    assert period_start(job, clock.at(day, 8, 4)) == clock.at(day - dt.timedelta(days=1), 8, 5)


def test_an_interval_job_s_periods_are_the_same_for_every_scheduler():
    job = Job("recover_stale_tasks", every=5 * MINUTE)
    moment = clock.at(dt.date(2026, 7, 15), 10, 7)
    assert period_start(job, moment) == clock.at(dt.date(2026, 7, 15), 10, 5)
    assert period_start(job, moment + dt.timedelta(minutes=2, seconds=59)) == clock.at(dt.date(2026, 7, 15), 10, 5)
    assert period_start(job, moment + dt.timedelta(minutes=3)) == clock.at(dt.date(2026, 7, 15), 10, 10)


@pytest.mark.django_db
def test_a_job_runs_once_per_period_and_again_the_next():
    job = Probe("probe", every=5 * MINUTE)
    moment = clock.at(dt.date(2026, 7, 15), 10, 7)
    assert job_run_once(job=job, now=moment).succeeded is True
    assert job_run_once(job=job, now=moment + MINUTE) is None
    assert job_run_once(job=job, now=moment + 5 * MINUTE) is not None
    assert calls == ["probe", "probe"]
    assert JobRun.objects.filter(job="probe").count() == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_scheduler_goes_on():
    run = job_run_once(job=Probe("probe", every=MINUTE, fails=True))
    run.refresh_from_db()
    assert run.succeeded is False and "the bank file server is down" in run.output and run.finished_at


@pytest.mark.django_db(transaction=True)
def test_racing_schedulers_run_each_period_once():
    """Four threads (four schedulers, each with its own connection) start each of five periods
    at the same instant; each period runs exactly once."""
    job = Probe("probe", every=MINUTE)
    first = clock.at(dt.date(2026, 7, 15), 10)
    barrier = threading.Barrier(4)
    ran = []

    def scheduler():
        try:
            for minute in range(5):
                barrier.wait()
                if job_run_once(job=job, now=first + minute * MINUTE) is not None:
                    ran.append(minute)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ran) == [0, 1, 2, 3, 4]
    assert calls == ["probe"] * 5
    assert JobRun.objects.filter(job="probe").count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_running_schedulers_share_the_periods():
    """Two APScheduler schedulers with a one-second job, side by side for a few seconds: every
    period ran once, by one of them."""
    job = Probe("probe", every=dt.timedelta(seconds=1))
    schedulers = [scheduler_build(schedule=[job]) for _ in range(2)]
    threads = [threading.Thread(target=scheduler.start) for scheduler in schedulers]
    for thread in threads:
        thread.start()
    time.sleep(3.5)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)
    for thread in threads:
        thread.join()
    periods = list(JobRun.objects.filter(job="probe").values_list("period_start", flat=True))
    assert len(periods) >= 3 and len(set(periods)) == len(periods)
    assert len(calls) == len(periods)


@pytest.mark.django_db
def test_run_scheduler_once_runs_every_real_job_and_a_second_time_none(capsys):
    call_command("run_scheduler", "--once")
    assert set(JobRun.objects.filter(succeeded=True).values_list("job", flat=True)) == {job.name for job in JOBS}
    call_command("run_scheduler", "--once")
    assert JobRun.objects.count() == len(JOBS)
    assert capsys.readouterr().out.count("this period already ran") == len(JOBS)
