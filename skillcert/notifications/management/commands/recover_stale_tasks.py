"""Run by a scheduler (e.g. every 5 minutes): tasks left RUNNING by a dead worker run again."""

import datetime as dt

from django.core.management.base import BaseCommand

from skillcert.notifications.recovery import stale_tasks_recover


class Command(BaseCommand):
    help = "執行中但工作程序已停止的背景工作重新排入佇列（可重複執行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after", type=float, default=None, help="seconds (default: settings.TASKS_STALE_AFTER_SECONDS)"
        )

    def handle(self, *args, stale_after, **options):
        recovery = stale_tasks_recover(stale_after=None if stale_after is None else dt.timedelta(seconds=stale_after))
        self.stdout.write(f"requeued {len(recovery.requeued)}, failed {len(recovery.failed)}")
