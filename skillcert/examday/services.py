"""Exam-day writes: the seat allocation of a sitting, which also issues admission numbers.

`session_allocate_seats` is one transaction: it reads the sitting set-based
(`selectors.sitting_data`), plans with the pure `seating.allocate`, and either writes every
change (bulk INSERT / UPDATE / DELETE of SeatAssignment rows, admission numbers for new paid
registrations) or, when some candidate cannot be seated, writes nothing but the refused run and
its shortfall report. Re-running moves only the candidates whose seat no longer fits."""

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, Region, Venue
from skillcert.catalog.rules import turnout_too_low
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.bulk import insert_rows, update_column
from skillcert.registrations.models import Registration

from . import admission, rules, seating
from .errors import ExamdayError
from .models import AllocationRun, SeatAssignment
from .selectors import PRACTICAL, sitting_data

BATCH_SIZE = 2000


def _check_may_allocate(session: ExamSession) -> None:
    if session.is_cancelled:
        raise ExamdayError(_("此梯次已停辦，不能安排座位。"), code="cancelled")
    if not rules.allocation_may_run(
        now=clock.now(),
        registration_closes=session.registration_closes,
        group_registration_closes=session.group_registration_closes,
    ):
        closes = max(session.registration_closes, session.group_registration_closes)
        raise ExamdayError(
            _("報名尚未截止（%(closes)s 截止），截止後才能安排座位。") % {"closes": clock.roc_datetime(closes)},
            code="registration_open",
        )
    if clock.today() > session.exam_date:
        raise ExamdayError(_("此梯次已考完，不能重新安排座位。"), code="held")


def session_allocate_seats(*, session: ExamSession, by=None) -> AllocationRun:
    """Give every paid registration of the sitting a venue, room and seat (or a practical batch
    and workstation) for each of its subjects; returns the run with its report. `run.completed`
    is False when some could not be seated: then nothing was assigned or issued."""
    _check_may_allocate(session)
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().select_related("level__brochure").get(pk=session.pk)
        data = sitting_data(session=session)
        practical_held = not turnout_too_low(
            registrants=data.practical_registered, minimum_turnout=session.level.brochure.minimum_turnout
        )
        candidates = [c for c in data.candidates if practical_held or c.kind != PRACTICAL]
        written = seating.allocate(
            rooms=data.rooms, candidates=[c for c in candidates if c.kind != PRACTICAL], current=data.current
        )
        practical = seating.allocate(
            rooms=data.batches, candidates=[c for c in candidates if c.kind == PRACTICAL], current=data.current
        )
        report = _report(data, written, practical, practical_held=bool(data.practical_registered) and practical_held)
        run = AllocationRun(session=session, run_by=_user(by), report=report)
        if report["shortfall"]:
            run.save()
            log_action(run, "examday.allocate_refused", actor=by, data={"shortfall": report["shortfall"]})
            return run
        seats = {**written.seats, **practical.seats}
        report["admission_numbers_issued"] = _issue_admission_numbers(session, data)
        changed = _write_seats(data, seats)
        run.completed = True
        run.seated = len({key[0] for key in seats})
        run.moved = len(changed)
        run.kept = run.seated - len(changed & {key[0] for key in seats})
        run.report = report
        run.save()
        log_action(
            run, "examday.allocate", actor=by,
            data={"seated": run.seated, "moved": run.moved, "kept": run.kept},
        )  # fmt: skip
    return run


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _report(data, written, practical, *, practical_held: bool) -> dict:
    """Plain JSON for the run: shortfall rows name the region (written) or the practical venue."""
    regions = dict(Region.objects.values_list("id", "name"))
    venues = {venue.pk: str(venue) for venue in Venue.objects.filter(practical_batches__isnull=False).distinct()}
    shortfall = [
        {"region": regions.get(place, "—"), "need": need, "count": count}
        for (place, need), count in sorted(written.shortfall.items(), key=str)
    ] + [
        {"region": venues.get(place, "—"), "need": "practical", "count": count}
        for (place, _need), count in sorted(practical.shortfall.items(), key=str)
    ]
    return {
        "shortfall": shortfall,
        "practical_registered": data.practical_registered,
        "practical_held": practical_held,
        "venues_without_rooms": data.venues_without_rooms,
        "candidates": len({c.key[0] for c in data.candidates}),
    }


def _issue_admission_numbers(session: ExamSession, data) -> int:
    """考試通知碼 for paid registrations that have none, continuing the sitting's sequence;
    a number once issued is never changed or reused (cancelled ones keep theirs)."""
    issued = Registration.objects.filter(session=session, admission_number__isnull=False).values_list(
        "admission_number", flat=True
    )
    sequence = max((admission.sequence_of(number) for number in issued), default=0)
    missing = sorted(pk for pk, (_region, number) in data.registrations.items() if not number)
    numbers = [
        (pk, admission.admission_number(session_id=session.pk, sequence=sequence))
        for sequence, pk in enumerate(missing, start=sequence + 1)
    ]
    update_column(Registration, "admission_number", numbers)
    return len(numbers)


def _write_seats(data, seats: dict) -> set[int]:
    """Bring SeatAssignment rows to `seats`; returns the registrations whose seat changed
    (moved, newly seated, or no longer seated). A moved row is deleted and inserted again so
    that no UPDATE ever collides with the unique seat constraint half-way."""
    desired = {}
    for key, (place, row, column) in seats.items():
        registration_id, kind = key
        need = data.needs.get(registration_id, {})
        for period_id in data.periods_of[key]:
            desired[(registration_id, period_id)] = (
                None if kind == PRACTICAL else place, place if kind == PRACTICAL else None, row, column,
                need.get("extra_minutes", 0), need.get("enlarged_paper", False),
            )  # fmt: skip
    gone, refresh, new, changed, now = set(), [], [], set(), clock.now()
    for key, old in data.rows.items():
        want = desired.get(key)
        if want is None or want[:4] != (old["room_id"], old["batch_id"], old["row"], old["column"]):
            gone.add(old["id"])
            changed.add(key[0])
        elif want[4:] != (old["extra_minutes"], old["enlarged_paper"]):
            refresh.append(
                SeatAssignment(id=old["id"], extra_minutes=want[4], enlarged_paper=want[5], updated_at=clock.now())
            )
    for key, want in desired.items():
        old = data.rows.get(key)
        if old is None or old["id"] in gone:
            new.append(
                {
                    "registration_id": key[0], "period_id": key[1], "room_id": want[0], "batch_id": want[1],
                    "row": want[2], "column": want[3], "extra_minutes": want[4], "enlarged_paper": want[5],
                    "assigned_at": now, "updated_at": now,
                }
            )  # fmt: skip
            changed.add(key[0])
    gone = sorted(gone)
    for start in range(0, len(gone), BATCH_SIZE):
        SeatAssignment.objects.filter(id__in=gone[start : start + BATCH_SIZE]).delete()
    SeatAssignment.objects.bulk_update(
        refresh, ["extra_minutes", "enlarged_paper", "updated_at"], batch_size=BATCH_SIZE
    )
    insert_rows(SeatAssignment, new)  # COPY on PostgreSQL
    return changed
