import datetime as dt

from skillcert.registrations import rules
from skillcert.registrations.models import RefundKind

SPE_L1_PATHS = [{1, 2}, {1, 3}]


def test_spe_beginner_needs_subject_1_and_exactly_one_of_2_or_3():
    fits = lambda chosen, kept=set(): rules.subjects_fit_paths(paths=SPE_L1_PATHS, chosen=chosen, kept=kept)  # noqa: E731
    assert fits({1, 2}) and fits({1, 3})
    assert not fits({1}) and not fits({2, 3}) and not fits({1, 2, 3}) and not fits(set())


def test_kept_passes_are_not_sat_again():
    assert rules.subjects_fit_paths(paths=SPE_L1_PATHS, chosen={3}, kept={1})
    assert rules.subjects_fit_paths(paths=SPE_L1_PATHS, chosen={1, 3}, kept={1})  # retaking is the candidate's choice
    assert not rules.subjects_fit_paths(paths=SPE_L1_PATHS, chosen={2, 3}, kept={1})


TAIPEI = dt.timezone(dt.timedelta(hours=8))
CLOSES = dt.datetime(2026, 4, 10, 12, tzinfo=TAIPEI)
EXAM = dt.date(2026, 5, 23)


def offered(now, *, paid=True, group=False, postponements=()):
    return rules.refund_kinds_offered(
        now=now, today=now.date(), paid=paid, group=group, registration_closes=CLOSES, exam_date=EXAM,
        postponements=list(postponements),
    )  # fmt: skip


def test_full_and_partial_refund_in_the_registration_window_only_after_payment():
    inside = dt.datetime(2026, 4, 10, 11, 59, tzinfo=TAIPEI)
    assert offered(inside) == [RefundKind.FULL_IN_WINDOW, RefundKind.PARTIAL]
    assert offered(inside, paid=False) == []
    assert offered(inside, group=True) == []


def test_after_the_window_staff_decide_and_after_the_exam_nothing():
    after = dt.datetime(2026, 4, 11, 9, tzinfo=TAIPEI)
    assert offered(after) == [RefundKind.OTHER]
    exam_day = dt.datetime(2026, 5, 23, 9, tzinfo=TAIPEI)
    assert offered(exam_day) == []


def test_postponement_refund_within_3_days_from_the_day_after_the_notice():
    notice = dt.date(2026, 5, 20)
    on = lambda day: offered(dt.datetime(2026, 5, day, 10, tzinfo=TAIPEI), postponements=[notice])  # noqa: E731
    assert RefundKind.FULL_POSTPONED not in on(20)
    assert RefundKind.FULL_POSTPONED in on(21) and RefundKind.FULL_POSTPONED in on(23)
    assert RefundKind.FULL_POSTPONED not in on(24)


def test_payment_deadline_is_three_days_but_never_after_the_close():
    now = dt.datetime(2026, 4, 1, 10, tzinfo=TAIPEI)
    deadline = rules.payment_deadline(now=now, registration_closes=CLOSES)
    assert deadline.astimezone(TAIPEI).date() == dt.date(2026, 4, 4)
    late = dt.datetime(2026, 4, 9, 10, tzinfo=TAIPEI)
    assert rules.payment_deadline(now=late, registration_closes=CLOSES) == CLOSES


def test_the_expiry_jobs_cutoff_agrees_with_each_holds_release_time():
    """`holds_lapsed_before(now)` is `hold_expires_at` turned round: over eight weeks with
    weekends and the Lunar New Year holidays, a deadline is before the cutoff exactly when its
    hold has been released by `now`."""
    from skillcert.core import clock

    first = dt.date(2027, 1, 25)
    deadlines = [clock.end_of_day(first + dt.timedelta(days=n)) for n in range(40)]
    deadlines += [clock.at(first + dt.timedelta(days=n), 12) for n in range(40)]
    for n in range(56):
        for hour in (0, 9, 23):
            now = clock.at(first + dt.timedelta(days=n), hour)
            cutoff = rules.holds_lapsed_before(now)
            assert [d < cutoff for d in deadlines] == [rules.hold_expires_at(d) < now for d in deadlines], now
