"""Issue every certificate still owed (certified outcomes without a valid certificate).
The scoring signal issues them one by one; this is the safety net and the batch path."""

from django.core.management.base import BaseCommand

from skillcert.catalog.models import Level
from skillcert.certificates.services import certificates_issue_missing


class Command(BaseCommand):
    help = "Issue certificates owed to certified candidates (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--level", type=int, help="Level id (default: every level)")

    def handle(self, *args, level=None, **options):
        levels = Level.objects.select_related("brochure__item")
        if level:
            levels = levels.filter(pk=level)
        total = 0
        for each in levels:
            issued = certificates_issue_missing(level=each)
            if issued:
                self.stdout.write(f"{each}: {issued}")
            total += issued
        self.stdout.write(self.style.SUCCESS(f"issued {total}"))
