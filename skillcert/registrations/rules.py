"""Pure registration rules, each naming the brochure section it implements."""

import datetime as dt

from skillcert.core import clock

from .models import RefundKind


def subjects_fit_paths(*, paths: list[set[int]], chosen: set[int], kept: set[int]) -> bool:
    """Brochure 115 §1.3 / §2.2 (授證組合): the chosen subjects, with the passes the candidate
    still keeps, must complete one certification path. A kept subject is not required, but the
    candidate may sit it again (e.g. to certify by the same-sitting average, §4.2; issue 13).
    SPE 初級 paths {1,2} and {1,3}: subject 1 plus exactly one of 2 or 3."""
    if not chosen:
        return False
    return any(chosen <= path and chosen | (kept & path) == path for path in paths)


def postponement_refund_days(*, announced_on: dt.date) -> tuple[dt.date, dt.date]:
    """Brochure 115 §3.3-5(2): 「於考試延期公告之次日起3日內」 — the first and last day on which a
    candidate who cannot sit the postponed exam may ask for a full refund."""
    return announced_on + dt.timedelta(days=1), announced_on + dt.timedelta(days=3)


def postponement_refund_open(*, today: dt.date, announced_on: dt.date) -> bool:
    """Brochure 115 §3.3-5(2): within 3 days from the day after the postponement notice."""
    return clock.Window.days(*postponement_refund_days(announced_on=announced_on)).contains_day(today)


def refund_kinds_offered(
    *,
    now: dt.datetime,
    today: dt.date,
    paid: bool,
    group: bool,
    registration_closes: dt.datetime,
    exam_date: dt.date,
    postponements: list[dt.date],
) -> list[str]:
    """Brochure 115 §3.3-5 and 附錄二 (SPEC §7): what a candidate may apply for online.

    Only after payment; group candidates only through their coordinator (nothing here);
    full or partial in the registration window; full within the postponement window;
    other reasons (staff decide) until exam day; nothing for missing the exam."""
    if not paid or group:
        return []
    kinds = []
    if not clock.Window(opens=None, closes=registration_closes).has_closed(now):
        kinds += [RefundKind.FULL_IN_WINDOW, RefundKind.PARTIAL]
    if any(postponement_refund_open(today=today, announced_on=day) for day in postponements):
        kinds.append(RefundKind.FULL_POSTPONED)
    if today < exam_date and RefundKind.FULL_IN_WINDOW not in kinds:
        kinds.append(RefundKind.OTHER)
    return [str(kind) for kind in kinds]


def is_full_refund(kind: str) -> bool:
    return kind in (RefundKind.FULL_IN_WINDOW, RefundKind.FULL_POSTPONED)


def payment_deadline(*, now: dt.datetime, registration_closes: dt.datetime, days: int = 3) -> dt.datetime:
    """Brochure §2.2 S2: pay within `days` days of the account being issued (end of that Taipei
    day), never later than the close of registration."""
    deadline = clock.end_of_day(clock.local(now).date() + dt.timedelta(days=days))
    # A staff review finished after the close still leaves the candidate `days` days to pay.
    return min(deadline, registration_closes) if registration_closes > now else deadline


# Working days the bank's daily credit file takes to reach us after a payment (brochures §2.2:
# confirmation follows the bank's reconciliation; the file for one day arrives the next).
CREDIT_FILE_WORKING_DAYS = 1


def hold_expires_at(payment_deadline: dt.datetime) -> dt.datetime:
    """SPEC §4, §6: an unpaid hold (and its virtual account) lapses at the payment deadline, but
    the seat is released only when the bank's credit file for the deadline day has arrived: the
    end of the next working day (Taipei). Money paid on time is never turned away by a file
    that came a day later."""
    day = clock.local(payment_deadline).date()
    return clock.end_of_day(clock.add_working_days(day, CREDIT_FILE_WORKING_DAYS))


def holds_lapsed_before(now: dt.datetime) -> dt.datetime:
    """The same rule as `hold_expires_at`, turned round for the expiry jobs' queries: a payment
    deadline before the returned moment has `hold_expires_at(deadline) < now`. That is the start
    of the `CREDIT_FILE_WORKING_DAYS`-th working day before today: a deadline on an earlier day
    has had its next working day's file end before today began."""
    day, count = clock.local(now).date(), CREDIT_FILE_WORKING_DAYS
    while count:
        day -= dt.timedelta(days=1)
        if clock.is_working_day(day):
            count -= 1
    return clock.at(day)
