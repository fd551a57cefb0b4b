"""django-tasks-db's worker, which first puts back the tasks a dead worker left RUNNING
(notifications.recovery): those past the staleness threshold, and at once the one left by a
previous process with the same --worker-id. Like staticfiles' runserver, it overrides the
library's command of the same name, so every way of starting a worker recovers."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from skillcert.notifications.recovery import stale_tasks_recover


class Command(DbWorkerCommand):
    def handle(self, *args, worker_id: str, **options):
        recovery = stale_tasks_recover(restarted_worker_id=worker_id)
        if recovery.requeued or recovery.failed:
            self.stdout.write(f"recovered: requeued {len(recovery.requeued)}, failed {len(recovery.failed)}")
        super().handle(*args, worker_id=worker_id, **options)
