"""Reads of the catalog for every door: windows, fee tables, milestones, public pages.

Rules about time read the brochure's records through `core.clock` (Asia/Taipei)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from skillcert.core import clock, money

from . import rules
from .models import (
    Brochure,
    ExamSession,
    Fee,
    Item,
    Level,
    News,
    Plan,
    SeatPool,
    SessionSubject,
    Subject,
    SubjectKind,
    SyllabusTopic,
)


def registration_window(session: ExamSession, *, group: bool = False) -> clock.Window:
    """The individual or the group registration window, [opens, closes) (`core.clock.Window`)."""
    if group:
        return clock.Window(opens=session.group_registration_opens, closes=session.group_registration_closes)
    return clock.Window(opens=session.registration_opens, closes=session.registration_closes)


def session_registration_open(*, session: ExamSession, group: bool = False, now: dt.datetime | None = None) -> bool:
    """Is the individual (or group) registration window of `session` open at `now`? The one
    place this is decided (`rules.window_open`), with `registration_open_filter` its query form."""
    if session.is_cancelled:
        return False
    window = registration_window(session, group=group)
    return rules.window_open(now=now or clock.now(), opens=window.opens, closes=window.closes)


def registration_open_filter(*, now: dt.datetime | None = None, group: bool = False) -> Q:
    """`session_registration_open` as a filter on ExamSession rows (same bounds: [opens, closes))."""
    now = now or clock.now()
    prefix = "group_registration" if group else "registration"
    return Q(is_cancelled=False, **{f"{prefix}_opens__lte": now, f"{prefix}_closes__gt": now})


def open_sessions(*, now: dt.datetime | None = None, group: bool = False):
    """Sessions of published items taking individual (or group) registrations at `now`, soonest
    deadline first."""
    prefix = "group_registration" if group else "registration"
    return (
        ExamSession.objects.filter(
            registration_open_filter(now=now, group=group), level__brochure__item__is_published=True
        )
        .select_related("level__brochure__item")
        .order_by(f"{prefix}_closes", "level__brochure__item__code", "level__rank", "nth")
    )


def upcoming_sessions(*, now: dt.datetime | None = None):
    """Sessions whose individual registration has not opened yet."""
    now = now or clock.now()
    return (
        ExamSession.objects.filter(is_cancelled=False, registration_opens__gt=now)
        .select_related("level__brochure__item")
        .order_by("registration_opens")
    )


def session_subjects(*, session: ExamSession) -> list[Subject]:
    """The subjects this sitting offers (its timetable); the whole level when no timetable is set.
    SPE 115 §2.3: the practical subject is held only in the first half of the year."""
    listed = [row.subject for row in session.timetable.select_related("subject").order_by("subject__number")]
    return listed or list(session.level.subjects.order_by("number"))


# --- milestones ------------------------------------------------------------------------------


def notice_window(*, session: ExamSession) -> tuple[dt.date, dt.date]:
    """考試通知 公告/列印: from `notice_days_before` days before the exam until exam day (SPEC §9)."""
    return session.exam_date - dt.timedelta(days=session.notice_days_before), session.exam_date


def sample_questions_date(*, session: ExamSession) -> dt.date | None:
    """年度考試樣題公告: 'the Nth working day after the exam' (brochure 113 日程表)."""
    if not session.sample_questions_working_days:
        return None
    return clock.add_working_days(session.exam_date, session.sample_questions_working_days)


def review_window(*, session: ExamSession) -> tuple[dt.date, dt.date] | None:
    """成績複查申請: a date range (113: 06/18-06/20) or 'N days from publication inclusive'
    (115: 成績公告(含)起2日內 → publication day and the next day)."""
    if session.review_opens and session.review_closes:
        return session.review_opens, session.review_closes
    if session.review_days_from_publication:
        start = session.scores_published_on
        return start, start + dt.timedelta(days=session.review_days_from_publication - 1)
    return None


def review_open(*, session: ExamSession, now: dt.datetime | None = None) -> bool:
    """The review window (whole days, `core.clock.Window.days`) is open at `now`."""
    window = review_window(session=session)
    return window is not None and clock.Window.days(*window).contains(now or clock.now())


def reissue_window_open(*, brochure: Brochure, on: dt.date) -> bool:
    """證書補發 is accepted only inside the year's windows (SPEC §11; brochure 115 §4.3-2(4))."""
    return any(window.window.contains_day(on) for window in brochure.reissue_windows.all())


def kept_until(*, level: Level, exam_date: dt.date) -> dt.date:
    """A subject pass is kept until 31 Dec of the exam year + kept_pass_years (brochure §4.2 範例)."""
    return dt.date(exam_date.year + level.kept_pass_years, 12, 31)


# --- fees ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeCell:
    amount: int | None
    percent_of_list: int | None
    needs_documents: bool
    computed: int | None = None  # what a percentage cell comes to (30% of 1,200 = 360)

    @property
    def price(self) -> int | None:
        return self.amount if self.amount is not None else self.computed


@dataclass(frozen=True)
class FeeRow:
    plan: str
    label: str
    note: str
    needs_documents: bool
    cells: dict  # kind → FeeCell | None


def fee_table(level: Level) -> list[FeeRow]:
    """The level's fee table (brochure §3.3) as rows in plan order, one cell per subject kind
    (None where the brochure has no cell). The 30% plan's cells carry the computed amount."""
    fees = {(f.plan, f.kind): f for f in Fee.objects.filter(level=level)}
    kinds = fee_kinds(level, fees=fees)
    rows = []
    for plan in Plan:
        found = [fees[(plan.value, kind)] for kind in kinds if (plan.value, kind) in fees]
        if not found:
            continue
        cells = {}
        for kind in kinds:
            fee = fees.get((plan.value, kind))
            cells[kind] = _cell(fee, list_fee=fees.get((Plan.LIST.value, kind)))
        rows.append(
            FeeRow(
                plan=plan.value,
                label=plan.label,
                note=next((f.note for f in found if f.note), ""),
                needs_documents=any(f.needs_documents for f in found),
                cells=cells,
            )
        )
    return rows


def _cell(fee: Fee | None, *, list_fee: Fee | None):
    if fee is None:
        return None
    computed = None
    if fee.percent_of_list is not None and list_fee is not None and list_fee.amount is not None:
        computed = money.percent_of(list_fee.amount, fee.percent_of_list)
    return FeeCell(fee.amount, fee.percent_of_list, fee.needs_documents, computed)


def fee_kinds(level: Level, *, fees=None) -> list[str]:
    """Subject kinds the level's fee table has columns for, written first."""
    present = {kind for _plan, kind in fees} if fees is not None else set(level.fees.values_list("kind", flat=True))
    return [kind for kind in SubjectKind.values if kind in present]


# --- public pages ------------------------------------------------------------------------------


def published_items():
    return Item.objects.filter(is_published=True).order_by("code")


def item_for_page(*, code: str) -> Item:
    return get_object_or_404(Item, code__iexact=code, is_published=True)


def current_brochure(*, item: Item) -> Brochure | None:
    """The newest brochure of the item, with everything its page shows prefetched."""
    topics = SyllabusTopic.objects.filter(parent__isnull=True).prefetch_related("children")
    sessions = ExamSession.objects.prefetch_related(
        "regions",
        Prefetch(
            "timetable",
            queryset=SessionSubject.objects.select_related("subject")
            .prefetch_related("regions")
            .order_by("subject__number"),
        ),
        Prefetch("seat_pools", queryset=SeatPool.objects.select_related("venue__region").order_by("kind", "pk")),
    ).order_by("nth")
    levels = Level.objects.prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.prefetch_related(Prefetch("topics", queryset=topics))),
        Prefetch("sessions", queryset=sessions),
        "paths__subjects",
    )
    return (
        item.brochures.prefetch_related(Prefetch("levels", queryset=levels), "reissue_windows")
        .order_by("-roc_year")
        .first()
    )


def news_list(*, item: Item | None = None, now: dt.datetime | None = None, include_site: bool = True):
    """Published news up to `now`, pinned first; for an item, its own news (and site-wide news)."""
    now = now or clock.now()
    news = News.objects.filter(is_published=True, published_at__lte=now).select_related("item")
    news = news.filter(Q(item__isnull=True) | Q(item__is_published=True))
    if item is not None:
        news = news.filter(Q(item=item) | Q(item__isnull=True)) if include_site else news.filter(item=item)
    return news.order_by("-is_pinned", "-published_at")
