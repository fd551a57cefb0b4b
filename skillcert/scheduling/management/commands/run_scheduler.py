"""The scheduler process: runs every periodic job by itself (skillcert.scheduling.jobs).
Start one or more (each job still runs once per period); `--once` runs what is due and exits."""

from django.core.management.base import BaseCommand

from skillcert.scheduling.jobs import jobs
from skillcert.scheduling.runs import job_run_once
from skillcert.scheduling.scheduler import scheduler_build


class Command(BaseCommand):
    help = "Run the periodic jobs on their schedule (safe to start on several machines)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job whose period has not run, then exit")

    def handle(self, *args, once=False, **options):
        if once:
            for job in jobs():
                self._report(job, job_run_once(job=job))
            return
        schedule = ", ".join(
            f"{job.name} daily at {job.at[0]:02d}:{job.at[1]:02d}" if job.at else f"{job.name} every {job.every}"
            for job in jobs()
        )
        self.stdout.write(f"scheduler started: {schedule}", ending="\n")
        self.stdout.flush()
        scheduler = scheduler_build(on_run=self._report)
        try:
            scheduler.start()
        except KeyboardInterrupt:
            pass

    def _report(self, job, run):
        if run is None:
            self.stdout.write(f"{job.name}: this period already ran")
        else:
            state = "ok" if run.succeeded else "FAILED"
            self.stdout.write(f"{job.name} {state}: {run.output.strip()[:200]}")
        self.stdout.flush()
