from django.core.management.base import BaseCommand

from skillcert.catalog.models import ExamSession
from skillcert.scoring.evaluation import session_evaluate


class Command(BaseCommand):
    help = "Evaluate certification for everyone with a score in a session (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("session", type=int)

    def handle(self, *args, session, **options):
        summary = session_evaluate(session=ExamSession.objects.get(pk=session))
        self.stdout.write(
            f"evaluated {summary.evaluated}, certified {summary.certified}, newly certified {summary.newly_certified}"
        )
