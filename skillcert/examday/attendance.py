"""What the proctors' roll call says about a subject sitting, for scoring: a candidate marked
absent or refused entry (late beyond 20 minutes, §3.4 2.(1)B) is 缺考 whatever a later score
file says. Reads only; the marks are written by `examday.rollcall`."""

from skillcert.examrecords.models import RollCall, RollCallStatus


def attendance_for(*, session, subject) -> dict[int, str]:
    """{registration id: RollCallStatus} of every candidate the proctors marked for `subject`
    of `session` (a candidate not marked is absent from the dict: the score file decides)."""
    rows = RollCall.objects.filter(period__session=session, period__subject=subject)
    return dict(rows.values_list("registration_id", "status"))


def missed_by_roll_call(status: str | None) -> bool:
    """True when the roll call says the candidate did not sit (absent, or refused entry)."""
    return status in (RollCallStatus.ABSENT, RollCallStatus.REFUSED)


def roll_calls(*, session_id: int, period_id=None, room_id=None, status=None):
    """The proctors' marks of a sitting (optionally one subject period, room or status), with
    the registration's admission number and the subject."""
    rows = RollCall.objects.filter(period__session_id=session_id).select_related("registration", "period__subject")
    filters = {"period_id": period_id, "room_id": room_id, "status": status}
    return rows.filter(**{key: value for key, value in filters.items() if value is not None})
