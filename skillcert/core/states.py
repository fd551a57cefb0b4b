"""Explicit state machines: a model declares TRANSITIONS = {from: {to, ...}}; only
`transition()` changes its status, and every change writes an audit row."""

from django.db import models
from django.utils.translation import gettext as _

from .audit import log_action


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
