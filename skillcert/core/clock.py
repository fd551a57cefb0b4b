"""The one place for time: Asia/Taipei deadlines, ROC (民國) dates and Taiwan working days.

Everything is stored aware in UTC; this module turns it into what the brochures print.
Tests freeze time by patching `now` (see tests/conftest.py `frozen_now`).
"""

import contextlib
import contextvars
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from .i18n import is_english

TAIPEI = ZoneInfo("Asia/Taipei")
ROC_OFFSET = 1911
WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_replayed_now: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("replayed_now", default=None)


def now() -> dt.datetime:
    return _replayed_now.get() or timezone.now()


@contextlib.contextmanager
def as_of(moment: dt.datetime):
    """Run the services as at `moment` (demo history: catalog.demo_lifecycle replays last
    season's registrations, payments and scores through the services on their own dates)."""
    token = _replayed_now.set(moment)
    try:
        yield moment
    finally:
        _replayed_now.reset(token)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(TAIPEI)


def today() -> dt.date:
    return local(now()).date()


def at(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """An aware datetime at a wall-clock time in Taipei (e.g. 'closes 04/10 12:00')."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TAIPEI)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of a Taipei calendar day: a window 'until 06/20' includes all of it."""
    return at(day) + dt.timedelta(days=1) - dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class Window:
    """The one shape of every window (registration, group registration, refunds, reviews,
    disputes, renewals, reissues): the half-open interval [opens, closes). 「中午12點止」 means
    the window is closed at 12:00:00; `closes` is the instant the pages print."""

    opens: dt.datetime | None
    closes: dt.datetime | None

    @classmethod
    def days(cls, first: dt.date | None, last: dt.date | None) -> "Window":
        """A window printed as whole Taipei days, 'first ~ last' both included."""
        return cls(
            opens=at(first) if first else None,
            closes=at(last + dt.timedelta(days=1)) if last else None,
        )

    def contains(self, moment: dt.datetime) -> bool:
        """Open at `moment`: from `opens` (included) until `closes` (excluded); an unset bound
        is open-ended."""
        return (self.opens is None or self.opens <= moment) and (self.closes is None or moment < self.closes)

    def has_closed(self, moment: dt.datetime) -> bool:
        """Past the closing instant (closed at `closes` itself)."""
        return self.closes is not None and moment >= self.closes

    def contains_day(self, day: dt.date) -> bool:
        """For windows of whole days (`Window.days`): open on the Taipei day `day`."""
        return self.contains(at(day))


def roc_year(day: dt.date) -> int:
    return day.year - ROC_OFFSET


def roc_date(day: dt.date | dt.datetime | None, *, weekday: bool = True) -> str:
    """115/05/23(六) — the way the brochures write dates (115/05/23 (Sat) on an English page)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = local(day).date()
    text = f"{roc_year(day)}/{day.month:02d}/{day.day:02d}"
    if not weekday:
        return text
    if is_english():
        return f"{text} ({WEEKDAYS_EN[day.weekday()]})"
    return f"{text}({WEEKDAYS_ZH[day.weekday()]})"


def roc_datetime(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    moment = local(moment)
    return f"{roc_date(moment.date())} {moment:%H:%M}"


def parse_roc_date(text: str) -> dt.date:
    """'115/05/23' or '115-05-23' → date(2026, 5, 23)."""
    year, month, day = (int(part) for part in text.replace("-", "/").split("/"))
    return dt.date(year + ROC_OFFSET, month, day)


@lru_cache(maxsize=16)
def _taiwan_calendar(year: int):
    return holidays.TW(years=year)


def is_working_day(day: dt.date) -> bool:
    """Taiwan working day: weekdays minus national holidays, plus make-up Saturdays (補班)."""
    calendar = _taiwan_calendar(day.year)
    return calendar.is_working_day(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (start itself not counted)."""
    day = start
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
