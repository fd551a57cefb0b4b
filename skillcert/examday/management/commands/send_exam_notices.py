from django.core.management.base import BaseCommand

from skillcert.examday.notices import exam_notices_send


class Command(BaseCommand):
    help = "Daily: from a sitting's notice date, e-mail and text each seated candidate their exam notice (once)."

    def handle(self, *args, **options):
        self.stdout.write(f"told {exam_notices_send()}")
