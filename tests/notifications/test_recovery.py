"""Tasks a dead worker left RUNNING go back on the queue (the real kill is in
tests/security/test_stale_tasks.py); here the rules of which ones."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from skillcert.notifications.recovery import stale_tasks_recover
from skillcert.notifications.tasks import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db


def _task(*, status=TaskResultStatus.RUNNING, started_minutes_ago=0, worker_ids=("w1",)):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        started_at=now - dt.timedelta(minutes=started_minutes_ago),
        worker_ids=list(worker_ids),
        args_kwargs={"args": ["0912345678", "x"], "kwargs": {}},
        task_path="skillcert.notifications.tasks.send_sms",
        backend_name="default",
        run_after=now,
    )


def _status(task) -> str:
    task.refresh_from_db()
    return task.status


def test_only_tasks_running_past_the_threshold_are_queued_again(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 600
    stale, fresh = _task(started_minutes_ago=11), _task(started_minutes_ago=9)
    done = _task(status=TaskResultStatus.SUCCESSFUL, started_minutes_ago=60)
    recovery = stale_tasks_recover()
    assert recovery.requeued == [str(stale.pk)] and recovery.failed == []
    assert (_status(stale), _status(fresh), _status(done)) == ("READY", "RUNNING", "SUCCESSFUL")
    assert DBTaskResult.objects.ready().filter(pk=stale.pk).exists()


def test_a_restarted_worker_recovers_its_own_task_at_once_and_no_other():
    own, other = _task(worker_ids=["w0", "slot-1"]), _task(worker_ids=["slot-2"])
    handed_on = _task(worker_ids=["slot-1", "slot-3"])  # slot-1 died before; slot-3 runs it now
    recovery = stale_tasks_recover(restarted_worker_id="slot-1")
    assert recovery.requeued == [str(own.pk)]
    assert (_status(own), _status(other), _status(handed_on)) == ("READY", "RUNNING", "RUNNING")


def test_a_task_that_keeps_killing_its_workers_fails_instead_of_looping():
    workers = [f"w{n}" for n in range(MAX_ATTEMPTS)]
    deadly = _task(started_minutes_ago=60, worker_ids=workers)
    recovery = stale_tasks_recover()
    assert recovery.failed == [str(deadly.pk)] and recovery.requeued == []
    deadly.refresh_from_db()
    assert deadly.status == "FAILED" and deadly.exception_class_path.endswith("WorkerLost")
    assert "w0" in deadly.traceback


def test_running_it_again_changes_nothing():
    _task(started_minutes_ago=60)
    assert len(stale_tasks_recover().requeued) == 1
    assert stale_tasks_recover().requeued == []
