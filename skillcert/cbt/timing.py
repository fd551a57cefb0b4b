"""The exam's clock rules (brochures §2.4 鑑定方式說明, 附錄一 考試時間), pure and tested
without a database.

- Entry is allowed up to 20 minutes after the start; a late candidate's time still ends with
  everyone's.
- Nobody may submit (and leave) in the first 30 minutes.
- A candidate's own end is the period's end plus the approved extra minutes (SeatAssignment's
  `extra_minutes`) plus minutes a proctor added; time spent paused by a proctor is given back."""

import datetime as dt

ENTRY_WINDOW = dt.timedelta(minutes=20)
NO_SUBMIT_WINDOW = dt.timedelta(minutes=30)


def entry_closes(starts_at: dt.datetime) -> dt.datetime:
    return starts_at + ENTRY_WINDOW


def submit_opens(starts_at: dt.datetime) -> dt.datetime:
    return starts_at + NO_SUBMIT_WINDOW


def candidate_end(*, period_ends_at: dt.datetime, extra_minutes: int = 0, added_minutes: int = 0) -> dt.datetime:
    return period_ends_at + dt.timedelta(minutes=extra_minutes + added_minutes)


def seconds_left(*, ends_at: dt.datetime, now: dt.datetime) -> int:
    return max(0, int((ends_at - now).total_seconds()))
