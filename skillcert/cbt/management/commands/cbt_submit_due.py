"""Run by a scheduler every minute on exam days: submit every attempt past the candidate's own
end (saves are refused past the end whether or not this ran; this makes the responses reach
scoring without waiting for the next request)."""

from django.core.management.base import BaseCommand

from skillcert.cbt.delivery import attempts_submit_due


class Command(BaseCommand):
    help = "時間已到的電腦測驗作答自動交卷（可重複執行）。"

    def handle(self, *args, **options):
        self.stdout.write(f"submitted {attempts_submit_due()}")
