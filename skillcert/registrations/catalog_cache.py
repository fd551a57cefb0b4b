"""Per-process cache of the catalog rows every registration reads (SPEC §4, registration night).

On the night registration opens, every submission of a sitting reads the same level (with its
brochure and item), certification paths and fee table and the sitting's regions. These change only when staff
edit the catalog, so each process keeps them for `TTL_SECONDS`: a save or delete of those
rows in this process clears the cache at once (signals below, connected in apps.ready),
another process sees the change within `TTL_SECONDS`. Only these reference reads are cached,
and for `OFFER_SECONDS` the next sitting offered when one is full (`offer`): seats, the
candidate's history and everything written are read from the database every time.
"""

import copy
import threading
import time

from django.db.models.signals import m2m_changed, post_delete, post_save

from skillcert.catalog.models import Brochure, CertificationPath, ExamSession, Fee, Item, Level, Region, Subject

from .pricing import FeeCell

TTL_SECONDS = 30.0
OFFER_SECONDS = 5.0

_store: dict[tuple, tuple[float, object]] = {}
_lock = threading.Lock()


def _cached(key: tuple, load, ttl: float = TTL_SECONDS):
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    with _lock:
        _store[key] = (now + ttl, value)
    return value


def offer(key: tuple, load):
    """A copy of a suggestion computed by `load` (the next sitting with seats), reused for
    `OFFER_SECONDS`: what it suggests is checked again when the candidate takes it up."""
    return copy.copy(_cached(key, load, OFFER_SECONDS))


def clear(**_signal_kwargs) -> None:
    with _lock:
        _store.clear()


def level_paths(level_id: int) -> tuple[frozenset[int], ...]:
    """The level's certification paths, each as the set of its subject numbers."""

    def load():
        paths: dict[int, set[int]] = {}
        memberships = CertificationPath.subjects.through.objects.filter(certificationpath__level_id=level_id)
        for path_id, number in memberships.values_list("certificationpath_id", "subject__number"):
            paths.setdefault(path_id, set()).add(number)
        return tuple(frozenset(numbers) for numbers in paths.values())

    return _cached(("paths", level_id), load)


def level_fees(level_id: int) -> tuple:
    """The level's fee table as plain `pricing.FeeCell`s."""

    def load():
        return tuple(
            FeeCell(plan=f.plan, kind=f.kind, amount=f.amount, percent_of_list=f.percent_of_list,
                    needs_documents=f.needs_documents)
            for f in Fee.objects.filter(level_id=level_id)
        )  # fmt: skip

    return _cached(("fees", level_id), load)


def level(level_id: int):
    """A copy of the Level row with its brochure and item (what a sitting's name shows)."""

    def load():
        return Level.objects.select_related("brochure__item").get(pk=level_id)

    return copy.copy(_cached(("level", level_id), load))


def level_subjects(level_id: int) -> tuple:
    """The level's Subject rows by number (callers get copies: see `rows_by_pk`)."""

    def load():
        return tuple(Subject.objects.filter(level_id=level_id).order_by("number"))

    return _cached(("subjects", level_id), load)


def session_regions(session_id: int) -> tuple:
    """The Region rows a sitting is held in, in the regions' order."""

    def load():
        return tuple(Region.objects.filter(sessions=session_id))

    return _cached(("region_rows", session_id), load)


def rows_by_pk(rows) -> dict[str, object]:
    """Fresh copies keyed by str(pk), so that no request changes a cached instance."""
    return {str(row.pk): copy.copy(row) for row in rows}


def session_region_ids(session_id: int) -> frozenset[int]:
    """The regions a sitting is held in."""

    def load():
        return frozenset(ExamSession.regions.through.objects.filter(examsession_id=session_id).values_list(
            "region_id", flat=True
        ))  # fmt: skip

    return _cached(("regions", session_id), load)


def connect_signals() -> None:
    """Clear on any change of the cached rows (called from RegistrationsConfig.ready)."""
    for model in (Fee, CertificationPath, Subject, ExamSession, Region, Level, Brochure, Item):
        post_save.connect(clear, sender=model, dispatch_uid=f"registrations-cache-save-{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"registrations-cache-delete-{model.__name__}")
    for through in (CertificationPath.subjects.through, ExamSession.regions.through):
        m2m_changed.connect(clear, sender=through, dispatch_uid=f"registrations-cache-m2m-{through.__name__}")
