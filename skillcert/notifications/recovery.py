"""Tasks whose worker died are run again: at-least-once delivery.

django-tasks-db marks a task RUNNING when a worker claims it (`started_at`, the worker's id
appended to `worker_ids`) and keeps no heartbeat, so a worker killed mid-task (SIGKILL, out of
memory, a lost machine) leaves the row RUNNING forever and its e-mail is never sent. Here a
RUNNING task is taken as dead, and put back on the queue, when
- it has run longer than `settings.TASKS_STALE_AFTER_SECONDS`: far beyond the longest a task
  takes (every send has a socket timeout, `EMAIL_TIMEOUT` and the SMS gateway's), or
- the worker that claimed it has started again under the same `--worker-id` (ids are unique
  per worker, so the new process knows its predecessor's task is dead).
A task already claimed `MAX_ATTEMPTS` times is marked FAILED instead: a task that kills its
worker must not take every worker down with it for ever.

Running a task twice is safe by the project's rule (tasks take keys and are idempotent); an
e-mail may reach its recipient twice, with the same Message-ID (docs/decisions.md)."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .tasks import MAX_ATTEMPTS

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded on a task whose workers kept dying while they ran it (never raised)."""


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _is_dead(task: DBTaskResult, *, started_before: dt.datetime, restarted_worker_id: str) -> bool:
    last_worker = task.worker_ids[-1] if task.worker_ids else ""
    return task.started_at < started_before or (bool(restarted_worker_id) and last_worker == restarted_worker_id)


def stale_tasks_recover(*, stale_after: dt.timedelta | None = None, restarted_worker_id: str = "") -> Recovery:
    """Put dead RUNNING tasks back on the queue (or fail those claimed too often); safe to run
    at any time and from several processes at once."""
    if stale_after is None:
        stale_after = dt.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)
    now = timezone.now()
    recovery = Recovery()
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True).order_by("started_at")
        for task in running:
            if not _is_dead(task, started_before=now - stale_after, restarted_worker_id=restarted_worker_id):
                continue
            still_running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                    traceback=f"workers {', '.join(task.worker_ids)} stopped while running this task",
                )
                recovery.failed.append(str(task.pk))
                logger.error("task %s (%s) lost %s workers: failed", task.pk, task.task_path, len(task.worker_ids))
            else:
                still_running.update(status=TaskResultStatus.READY, run_after=now)
                recovery.requeued.append(str(task.pk))
                logger.warning(
                    "task %s (%s) lost its worker %s: queued again", task.pk, task.task_path, task.worker_ids
                )
    return recovery
