"""Autosave: every change on the exam screen (choose an option, 不作答, 註記 on or off) is
saved at once as the question's whole state, with the candidate's sequence number.

One conditional UPDATE does the work: it applies only if the attempt with this token is in
progress and before its own end, and only if the stored `seq` is lower than this change's — so
a replayed save is harmless (idempotent) and a late-arriving older save never overwrites a
newer one. Its SQL is compiled once per process (`core.hotsql`; the ORM's own statement, bound
with new values). Nothing is read first except two per-process caches of immutable facts (the
attempt behind a token, and a frozen form's option counts and shuffle secret). Only a refused
save reads the attempt to say why."""

import functools
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import F, Value
from django.utils.translation import gettext as _

from skillcert.core import clock, hotsql

from . import rules
from .delivery import DeliveryError, attempt_expire_if_due
from .models import Answer, Attempt, TestForm

Status = Attempt.Status
MAX_SEQ = 2**31 - 1
MAX_SPENT = 3600


@dataclass(frozen=True)
class Saved:
    applied: bool  # False: a newer change of this question was already stored
    seq: int


@dataclass(frozen=True)
class _FormFacts:
    secret: str
    shuffle: bool
    sizes: dict  # position → number of options


class _NoAttempt(Exception):
    pass


@lru_cache(maxsize=8192)
def _attempt_of(token: str) -> tuple[int, int, int, int | None]:
    """(attempt id, form id, registration id, workstation id) of a token — all fixed for the
    token's life (a new sign-in rotates the token); the UPDATE re-checks the token."""
    row = Attempt.objects.filter(token=token).values_list("pk", "form_id", "registration_id", "workstation_id").first()
    if row is None:
        raise _NoAttempt  # not cached: lru_cache keeps only returned values
    return row


@lru_cache(maxsize=256)
def _form_facts(form_id: int) -> _FormFacts:
    form = TestForm.objects.get(pk=form_id)
    if form.status != TestForm.Status.FROZEN:
        raise DeliveryError(_("本節試卷尚未備妥，請洽監試人員。"), code="no_form")
    sizes = {position: len(options) for position, options in form.items.values_list("position", "version__options")}
    return _FormFacts(form.shuffle_secret, form.shuffle_options, sizes)


def _save(attempt_id, token, now, position, seq, choice, spent, *, flagged: bool):
    """The save: this question's row, if the attempt with this token is in progress and before
    its end, and the stored change is older than this one."""
    live = Attempt.objects.filter(pk=attempt_id, token=token, status=Status.IN_PROGRESS, ends_at__gt=now)
    changes = {
        "choice": choice,
        "flagged": flagged,
        "seq": seq,
        "changes": F("changes") + 1,
        "seconds": F("seconds") + spent,
        "changed_at": now,
    }
    # Value(): a lookup on a small integer column refuses a value outside its range before any SQL
    # is written, which hotsql's placeholder is; the service has checked both ranges already.
    rows = Answer.objects.filter(attempt_id__in=live.values("pk"), position=Value(position), seq__lt=Value(seq))
    return rows, changes


# Compiled once (`core.hotsql`): thousands of saves a minute on exam day, one statement each.
# The flag is a constant of each statement (a boolean cannot be told apart from others in the SQL).
_SAVE = {
    flagged: hotsql.CompiledUpdate(
        functools.partial(_save, flagged=flagged),
        attempt_id=hotsql.mark_int(),
        token=hotsql.mark_str(),
        now=hotsql.mark_datetime(),
        position=hotsql.mark_int(),
        seq=hotsql.mark_int(),
        choice=hotsql.mark_str(),
        spent=hotsql.mark_int(),
    )
    for flagged in (False, True)
}


def _integer(value, *, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DeliveryError(message, code="invalid")
    return value


def answer_save(*, token: str, position, choice, flagged, seq, spent=0, workstation_id=None) -> Saved:
    """Store one question's state: `choice` is the letter of the slot shown to the candidate
    ('' = 不作答), `flagged` the 註記. Refusals (DeliveryError) change nothing; their code is
    `invalid` (bad input), `unknown` (no such attempt, or not from the workstation it signed
    in at, when the door passes `workstation_id`), or `closed` (not in progress, or past the
    candidate's end: the attempt is then submitted)."""
    try:
        attempt_id, form_id, registration_id, signed_at = _attempt_of(token or "")
    except _NoAttempt:
        raise DeliveryError(_("作答階段已失效，請重新登入。"), code="unknown") from None
    if workstation_id is not None and workstation_id != signed_at:
        raise DeliveryError(_("作答階段已失效，請重新登入。"), code="unknown")
    facts = _form_facts(form_id)
    seq = _integer(seq, low=1, high=MAX_SEQ, message=_("變更序號不正確。"))
    spent = _integer(spent, low=0, high=MAX_SPENT, message=_("作答時間不正確。"))
    if isinstance(position, bool) or position not in facts.sizes:
        raise DeliveryError(_("本試卷沒有這一題。"), code="invalid")
    if not isinstance(flagged, bool):
        raise DeliveryError(_("註記只能是「是」或「否」。"), code="invalid")
    if not isinstance(choice, str) or (choice and choice not in tuple(rules.LETTERS[: facts.sizes[position]])):
        raise DeliveryError(_("這一題沒有這個選項。"), code="invalid")
    order = rules.option_order(
        secret=facts.secret,
        registration=registration_id,
        position=position,
        size=facts.sizes[position],
        shuffle=facts.shuffle,
    )
    now = clock.now()
    updated = _SAVE[flagged].run(
        attempt_id=attempt_id,
        token=token,
        now=now,
        position=position,
        seq=seq,
        choice=rules.displayed_to_canonical(order, choice),
        spent=spent,
    )
    if updated:
        return Saved(True, seq)
    return _refused(attempt_id=attempt_id, token=token, seq=seq)


def _refused(*, attempt_id: int, token: str, seq: int) -> Saved:
    attempt = Attempt.objects.filter(pk=attempt_id, token=token).first()
    if attempt is None:
        raise DeliveryError(_("作答階段已失效，請重新登入。"), code="unknown")
    attempt = attempt_expire_if_due(attempt=attempt)
    if attempt.status == Status.SUBMITTED:
        raise DeliveryError(_("已交卷，作答不再變更。"), code="closed")
    if attempt.status != Status.IN_PROGRESS:
        raise DeliveryError(_("作答已由監試人員暫停或鎖定，請洽監試人員。"), code="closed")
    return Saved(False, seq)  # an older change than the one stored: kept the newer


def caches_clear() -> None:
    """For tests, whose rolled-back databases may reuse ids."""
    _attempt_of.cache_clear()
    _form_facts.cache_clear()
