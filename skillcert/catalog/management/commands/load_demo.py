from django.core.management.base import BaseCommand

from skillcert.catalog.demo import load_brochures
from skillcert.catalog.demo_lifecycle import load_lifecycle
from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.examday.demo import load_venues


class Command(BaseCommand):
    help = (
        "Load both brochures (113 MDMT, 115 SPE) with every number in them. By default all dates move "
        "by whole weeks so that registration is open today; --true-dates keeps the brochures' dates. "
        "Without --true-dates it also replays last season (results, certificates, a review, staff queues). "
        "Safe to run again: rows are updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("--true-dates", action="store_true", help="load the brochures' real dates")

    def handle(self, *args, true_dates=False, **options):
        shifts = load_brochures(true_dates=true_dates)
        counts = load_venues()
        self.stdout.write(
            f"exam day: {counts['venues']} venues, {counts['rooms']} rooms, {counts['batches']} practical batches"
        )
        for code, days in shifts.items():
            self.stdout.write(f"{code}: dates shifted by {days} days" if days else f"{code}: brochure dates")
        # Last season's history and today's queues: relative to today, so only on shifted dates.
        for line in [] if true_dates else load_lifecycle():
            self.stdout.write(line)
        for session in ExamSession.objects.select_related("level__brochure__item").order_by("exam_date"):
            self.stdout.write(
                f"  {session}: 個人報名 {clock.roc_datetime(session.registration_opens)} ~ "
                f"{clock.roc_datetime(session.registration_closes)}, 考試 {clock.roc_date(session.exam_date)}"
            )
