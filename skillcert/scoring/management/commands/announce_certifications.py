from django.core.management.base import BaseCommand

from skillcert.scoring.evaluation import outcomes_announce


class Command(BaseCommand):
    help = "Daily: announce (signal) certifications whose sitting's scores are published today or earlier."

    def handle(self, *args, **options):
        self.stdout.write(f"announced {outcomes_announce()}")
