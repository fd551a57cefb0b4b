"""Explicit state machines: a model declares TRANSITIONS = {from: {to, ...}}; only
`transition()` (one row) and `transition_many()` (a bulk path) change its status, and every
change writes an audit row."""

from django.db import models
from django.utils.translation import gettext as _

from . import clock
from .audit import log_action
from .bulk import insert_rows
from .models import AuditEntry


class InvalidTransition(Exception):
    pass


def allowed(obj: models.Model, to_state: str, field: str = "status") -> bool:
    return to_state in type(obj).TRANSITIONS.get(getattr(obj, field), set())


def transition(
    obj: models.Model,
    to_state: str,
    *,
    actor=None,
    reason: str = "",
    field: str = "status",
    extra_fields: tuple[str, ...] = (),
    data: dict | None = None,
) -> None:
    """Move `obj` to `to_state`, saving only the status (and `extra_fields`) and logging it.
    Call inside the service's transaction, on a row locked with select_for_update()."""
    from_state = getattr(obj, field)
    if not allowed(obj, to_state, field):
        raise InvalidTransition(_("無法由「%(from)s」變更為「%(to)s」。") % {"from": from_state, "to": to_state})
    setattr(obj, field, to_state)
    obj.save(update_fields=[field, *extra_fields])
    log_action(
        obj,
        f"{obj._meta.model_name}.{to_state}",
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )


def transition_many(
    model: type[models.Model],
    reasons: dict,
    to_state: str,
    *,
    from_state: str,
    actor=None,
    now=None,
    field: str = "status",
    extra: dict | None = None,
) -> int:
    """`transition` for many rows at once, for bulk paths (the bank-file import): the table is
    checked once, one UPDATE moves every row of `reasons` (pk → reason) from `from_state` to
    `to_state` (with `extra` columns), and the audit rows go in one bulk insert (COPY on
    PostgreSQL). The caller has locked the rows and knows they are in `from_state`; a row that
    is not makes the whole call fail (InvalidTransition), so the caller's transaction rolls back."""
    if to_state not in model.TRANSITIONS.get(from_state, set()):
        raise InvalidTransition(_("無法由「%(from)s」變更為「%(to)s」。") % {"from": from_state, "to": to_state})
    if not reasons:
        return 0
    now = now or clock.now()
    moved = model.objects.filter(pk__in=list(reasons), **{field: from_state}).update(
        **{field: to_state}, **(extra or {})
    )
    if moved != len(reasons):
        raise InvalidTransition(_("無法由「%(from)s」變更為「%(to)s」。") % {"from": from_state, "to": to_state})
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = model._meta.label_lower
    insert_rows(
        AuditEntry,
        [
            {
                "created_at": now,
                "actor_id": actor_id,
                "action": f"{model._meta.model_name}.{to_state}",
                "target_type": label,
                "target_id": str(pk),
                "from_state": from_state,
                "to_state": to_state,
                "reason": reason,
                "data": {},
            }
            for pk, reason in reasons.items()
        ],
    )
    return moved
