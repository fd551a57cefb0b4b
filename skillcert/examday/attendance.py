"""What the proctors' roll call says about a subject sitting, for scoring: a candidate marked
absent or refused entry (late beyond 20 minutes, §3.4 2.(1)B) is 缺考 whatever a later score
file — or CBT responses — say. `attendance_ruled` is that rule, the one every writer of a
score uses (`scoring.services.score_record` and `responses_record`, so the scores import, the
responses import and the CBT submission alike). Reads only; the marks are written by
`examday.rollcall`."""

from dataclasses import dataclass

from django.db.models import F

from skillcert.examrecords.models import RollCall, RollCallStatus
from skillcert.scoring.models import Attendance

MISSED = (RollCallStatus.ABSENT, RollCallStatus.REFUSED)


def attendance_for(*, session, subject) -> dict[int, str]:
    """{registration id: RollCallStatus} of every candidate the proctors marked for `subject`
    of `session` (a candidate not marked is absent from the dict: the score file decides)."""
    rows = RollCall.objects.filter(period__session=session, period__subject=subject)
    return dict(rows.values_list("registration_id", "status"))


def roll_call_of(*, registration_id: int, subject_id: int) -> str | None:
    """The proctors' mark for one registration's subject (None while not marked)."""
    return (
        RollCall.objects.filter(registration_id=registration_id, period__subject_id=subject_id)
        .values_list("status", flat=True)
        .first()
    )


def missed_by_roll_call(status: str | None) -> bool:
    """True when the roll call says the candidate did not sit (absent, or refused entry)."""
    return status in (RollCallStatus.ABSENT, RollCallStatus.REFUSED)


def roll_calls(*, session_id: int, period_id=None, room_id=None, status=None):
    """The proctors' marks of a sitting (optionally one subject period, room or status), with
    the registration's admission number and the subject."""
    rows = RollCall.objects.filter(period__session_id=session_id).select_related("registration", "period__subject")
    filters = {"period_id": period_id, "room_id": room_id, "status": status}
    return rows.filter(**{key: value for key, value in filters.items() if value is not None})
    return status in MISSED


@dataclass(frozen=True)
class Ruling:
    attendance: str  # scoring.models.Attendance
    overruled: bool  # the source said 到考 but the roll call says the candidate did not sit


def attendance_ruled(*, claimed: str, roll_call: str | None) -> Ruling:
    """The attendance scoring records when a source (a score file's 到考 column, a responses
    file, CBT responses) claims `claimed` and the roll call says `roll_call`: absent or refused
    entry is 缺考 whatever the source says, and that conflict is flagged for the report."""
    if claimed == Attendance.PRESENT and missed_by_roll_call(roll_call):
        return Ruling(Attendance.ABSENT, True)
    return Ruling(claimed, False)


@dataclass(frozen=True)
class Conflict:
    registration_id: int
    admission_number: str
    name: str
    subject: str
    roll_call: str  # the RollCallStatus label


def attendance_conflicts(*, session) -> list[Conflict]:
    """Candidates of `session` the roll call marks absent or refused entry who nevertheless have
    responses on record (CBT answers submitted, or a responses file): scored 缺考, listed for staff."""
    labels = dict(RollCallStatus.choices)
    marks = (
        RollCall.objects.filter(period__session=session, status__in=MISSED)
        .filter(
            registration__subjects__subject=F("period__subject"),
            registration__subjects__score__responses__isnull=False,
        )
        .select_related("registration__candidate", "period__subject")
        .distinct()
        .order_by("registration__admission_number", "period__starts_at")
    )
    return [
        Conflict(
            registration_id=mark.registration_id,
            admission_number=mark.registration.admission_number or "",
            name=mark.registration.candidate.name_zh,
            subject=f"{mark.period.subject.code} {mark.period.subject.name}",
            roll_call=str(labels[mark.status]),
        )
        for mark in marks
    ]
