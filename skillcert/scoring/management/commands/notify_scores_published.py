from django.core.management.base import BaseCommand

from skillcert.scoring.publication import scores_publish_notify


class Command(BaseCommand):
    help = "Daily: e-mail candidates whose session's scores are published (once per session)."

    def handle(self, *args, **options):
        self.stdout.write(f"e-mailed {scores_publish_notify()}")
