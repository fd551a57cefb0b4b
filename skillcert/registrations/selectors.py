"""Reads for the doors: every lookup by a candidate filters by that candidate."""

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, SeatPool, SubjectKind
from skillcert.catalog.selectors import registration_open_filter
from skillcert.core import clock, hotsql

from . import catalog_cache, rules
from .models import CLOSED_STATES, Registration, RegistrationStatus, RegistrationSubject


def registrations_for_candidate(*, candidate):
    return (
        Registration.objects.filter(candidate=candidate)
        .select_related("session__level__brochure__item", "region", "practical_venue")
        .prefetch_related(Prefetch("subjects", queryset=RegistrationSubject.objects.select_related("subject")))
    )


def registration_for_candidate(*, candidate, pk: int) -> Registration:
    """The candidate's own registration, or 404 (never 403: no hint that it exists)."""
    return get_object_or_404(registrations_for_candidate(candidate=candidate), pk=pk)


_HISTORY = hotsql.CompiledQuery(
    lambda candidate_id: Registration.objects.filter(candidate_id=candidate_id).values_list("session_id", "status"),
    candidate_id=hotsql.mark_int(),
)


def registration_history(*, candidate) -> list[tuple[int, str]]:
    """(session id, status) of every registration the candidate has ever had: one read that
    decides the returning plan (`pricing.paid_before`) and whether a kept pass can exist at
    all (every Score belongs to one of these registrations). Compiled once (`core.hotsql`)."""
    return _HISTORY.rows(candidate_id=candidate.pk)


def _sitting_with_written_seats(pk: int) -> QuerySet[ExamSession]:
    written = SeatPool.objects.filter(session=OuterRef("pk"), kind=SubjectKind.WRITTEN, venue=None)
    return ExamSession.objects.annotate(
        written_seats_left=Subquery(written.values(left=F("capacity") - F("held"))[:1])
    ).filter(pk=pk, is_cancelled=False)


_SITTING = hotsql.CompiledQuery(_sitting_with_written_seats, pk=hotsql.mark_int())


def session_for_registration(pk: int) -> ExamSession:
    """The sitting a registration page is for, or 404 if there is none or it was cancelled. The
    sitting row is read every time (windows, cancellation), with the free seats of its written
    pool in the same query (`written_seats_left`, None without a pool) for `seats.seats_left`'s
    early refusal; its level, brochure and item come from the per-process catalog cache. Every
    registration submission starts here, so the query is compiled once (`core.hotsql`)."""
    found = _SITTING.objects(pk=pk)
    if not found:
        raise Http404("No ExamSession matches the given query.")
    session = found[0]
    session.level = catalog_cache.level(session.level_id)
    return session


def sessions_open_for_registration(*, now=None):
    return (
        ExamSession.objects.filter(registration_open_filter(now=now))
        .select_related("level__brochure__item")
        .order_by("exam_date", "level__brochure__item__code", "level__rank")
    )


def sessions_marked_for(*, candidate, sessions) -> list[ExamSession]:
    """The sittings with `own_registration_id`: the candidate's open registration there (None
    when they may still register), so a page offers 已報名 instead of 報名此梯次."""
    sessions = list(sessions)
    own = dict(
        Registration.objects.filter(candidate=candidate, session__in=[s.pk for s in sessions])
        .exclude(status__in=CLOSED_STATES)
        .values_list("session_id", "pk")
    )
    for session in sessions:
        session.own_registration_id = own.get(session.pk)
    return sessions


def payment_slip_url(registration: Registration) -> str | None:
    """The payments engineer's slip page, if this build has one."""
    for kwargs in ({"pk": registration.pk}, {"registration_id": registration.pk}):
        try:
            return reverse("payments:slip", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def current_virtual_account(registration: Registration):
    """The account that accepts money now (payments keeps them as
    `registration.virtual_accounts`; None when there is none)."""
    accounts = getattr(registration, "virtual_accounts", None)
    if accounts is None:
        return None
    try:
        return accounts.filter(status="active").order_by("-pk").first()
    except (AttributeError, ValueError):
        return None


def next_step(registration: Registration) -> str:
    """What the candidate should do now (報名進度查詢)."""
    status = registration.status
    if status == RegistrationStatus.AWAITING_REVIEW:
        return _("執行單位正在審核您上傳的證明文件，審核後會以電子郵件通知繳費金額與帳號。")
    if status == RegistrationStatus.AWAITING_PAYMENT:
        if registration.group_sitting_id:
            return _("團體報名費用由團報窗口統一繳納。")
        deadline = registration.payment_deadline
        if deadline is not None and clock.now() > deadline:  # waiting for the bank's credit file
            return _(
                "繳費期限 %(deadline)s 已過。若您已於期限前繳費，銀行入帳資料到達後即顯示繳費成功；"
                "未繳費者名額將於 %(released)s 釋出。"
            ) % {
                "deadline": clock.roc_datetime(deadline),
                "released": clock.roc_datetime(rules.hold_expires_at(deadline)),
            }
        return _("請於 %(deadline)s 前以下方虛擬帳號繳費 %(amount)s 元；逾期名額將釋出。") % {
            "deadline": clock.roc_datetime(deadline),
            "amount": f"{registration.amount:,}",
        }
    if status == RegistrationStatus.PAID:
        return _("繳費成功，報名完成。考試通知將於考前寄發。")
    if status == RegistrationStatus.EXPIRED:
        return _("未於期限內繳費，報名已失效；報名期間內可重新報名。")
    if status == RegistrationStatus.CANCELLED:
        return _("報名已取消。")
    return _("已退費。")
