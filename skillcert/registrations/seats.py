"""Seats 名額 (SPEC §2 quotas, §4 'held from submission'): counted by the database.

A claim is one conditional UPDATE (`held = held + 1 WHERE held < capacity`) in the caller's
transaction; the rowcount says whether a seat was left. The CHECK constraint
`seatpool_never_oversold` is the backstop. Call `seats_claim` as the LAST statement before
commit: on PostgreSQL the UPDATE locks the pool row until commit, so everything done after it
would serialise every registration of the sitting (docs/decisions.md, 'hot seat row')."""

from django.db.models import F

from skillcert.catalog.models import SeatPool, SubjectKind
from skillcert.core import hotsql

from .models import Registration


class SeatsFull(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def pools_for(*, session, kinds, venue=None):
    """The pool rows a registration with subjects of these kinds draws from. Written subjects
    share the session's pool; practical subjects draw on their venue's pool. A kind without a
    pool row has no quota."""
    wanted = []
    for kind in sorted(set(kinds)):
        lookup = {"session": session, "kind": kind}
        lookup["venue"] = venue if kind == SubjectKind.PRACTICAL else None
        wanted.append((kind, lookup))
    return wanted


def _claim(**lookup):
    return SeatPool.objects.filter(held__lt=F("capacity"), **lookup), {"held": F("held") + 1}


# The claim every registration makes (compiled once, `core.hotsql`): a written pool has no venue.
_CLAIM = {
    "no venue": hotsql.CompiledUpdate(
        lambda session_id, kind: _claim(session_id=session_id, kind=kind, venue=None),
        session_id=hotsql.mark_int(),
        kind=hotsql.mark_str(),
    ),
    "venue": hotsql.CompiledUpdate(
        lambda session_id, kind, venue_id: _claim(session_id=session_id, kind=kind, venue_id=venue_id),
        session_id=hotsql.mark_int(),
        kind=hotsql.mark_str(),
        venue_id=hotsql.mark_int(),
    ),
}


def seats_claim(*, session, kinds, venue=None) -> None:
    """Hold one seat in each pool the kinds need, or raise SeatsFull (nothing held then:
    the caller's transaction rolls back)."""
    for kind, lookup in pools_for(session=session, kinds=kinds, venue=venue):
        pool_venue = lookup["venue"]
        if pool_venue is None:
            claimed = _CLAIM["no venue"].run(session_id=session.pk, kind=kind)
        else:
            claimed = _CLAIM["venue"].run(
                session_id=session.pk, kind=kind, venue_id=getattr(pool_venue, "pk", pool_venue)
            )
        if claimed == 1:
            continue
        if SeatPool.objects.filter(**lookup).exists():
            raise SeatsFull(kind)


def seats_release(*, session, kinds, venue=None) -> None:
    for _kind, lookup in pools_for(session=session, kinds=kinds, venue=venue):
        SeatPool.objects.filter(held__gt=0, **lookup).update(held=F("held") - 1)


_NOT_READ = object()


def seats_left(*, session, kinds, venue=None) -> bool:
    """A cheap read to refuse early when a pool is plainly full; never trusted for the claim.
    A sitting from `selectors.session_for_registration` brings its written pool's free seats
    (read with the sitting, a moment ago), so only other pools are read here."""
    for kind, lookup in pools_for(session=session, kinds=kinds, venue=venue):
        free = getattr(session, "written_seats_left", _NOT_READ) if kind == SubjectKind.WRITTEN else _NOT_READ
        if free is _NOT_READ:
            pool = SeatPool.objects.filter(**lookup).values("held", "capacity").first()
            free = None if pool is None else pool["capacity"] - pool["held"]
        if free is not None and free <= 0:
            return False
    return True


def registration_release_seats(*, registration: Registration, subjects=None) -> None:
    """Give back the seats of `subjects` (default: every subject still sat)."""
    rows = subjects if subjects is not None else registration.subjects.filter(dropped=False).select_related("subject")
    seats_release(
        session=registration.session,
        kinds=[r.subject.kind for r in rows],
        venue=registration.practical_venue,
    )
