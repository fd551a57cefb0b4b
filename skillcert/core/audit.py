"""Audit log: every staff change and every state transition writes one AuditEntry."""

import contextlib
from contextvars import ContextVar

from django.db import models

from . import hotsql
from .models import AuditEntry

_batch: ContextVar[list[AuditEntry] | None] = ContextVar("audit_batch", default=None)


def target_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def audit_entry(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """The unsaved row `log_action` writes; bulk paths collect these for one `bulk_create`."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry(
        actor=actor,
        action=action,
        target_type=target_label(obj),
        target_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )


def log_action(obj: models.Model, action: str, **fields) -> AuditEntry:
    """Write one audit row now (inside the caller's transaction), or at the end of the
    enclosing `batched()` block. Fields as `audit_entry`."""
    entry = audit_entry(obj, action, **fields)
    batch = _batch.get()
    if batch is not None:
        batch.append(entry)
    else:
        entry.save(force_insert=True)
    return entry


@contextlib.contextmanager
def batched():
    """Rows `log_action` writes inside the block are inserted by one statement when it ends
    (`hotsql.insert`: every registration writes its audit rows this way).
    Use inside the transaction: if the block raises, its rows are dropped with the rest."""
    rows: list[AuditEntry] = []
    token = _batch.set(rows)
    try:
        yield
    finally:
        _batch.reset(token)
    hotsql.insert(rows)


def history(obj: models.Model):
    return AuditEntry.objects.filter(target_type=target_label(obj), target_id=str(obj.pk)).order_by("created_at", "id")
