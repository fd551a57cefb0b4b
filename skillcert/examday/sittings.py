"""A sitting cancelled 停辦 or postponed 延期 (SPEC §2, §7; brochure 113 §2.3 備註2: a sitting with
fewer registrants than the minimum is not held; brochure 115 §3.3-5(2) and 注意事項: a typhoon,
earthquake or flood postpones it). The only ways a sitting's fate or exam date changes once
candidates have paid, from the back office too (`backoffice/sittings.py`, the sitting's admin).

`session_cancel`: every open registration is cancelled (seats back), each paid one is owed its
full fee as a refund application of the kind 梯次停辦 (an individual gives the bank account on the
refund form; a group's goes to its organisation's account, `groups.services`), a pinned news
item tells the public and every candidate and group coordinator is e-mailed and texted.

`session_postpone`: the exam date and every dated step after it (timetable, practical batches,
publication, review, certificates) move by the same number of days, so the notice date moves
with them; a `Postponement` row opens the brochure's refund window (`registrations.rules`);
notices already sent go out again with the new date (`examday.notices`), and news, e-mail and
SMS tell everyone. `session_date_change_refusal` is the rule an edit form asks before it
changes an exam date."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, News
from skillcert.catalog.rules import turnout_too_low
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.money import format_ntd
from skillcert.groups.models import Coordinator, GroupSitting
from skillcert.groups.services import group_refunds_for_cancelled_session
from skillcert.notifications.services import email_after_commit, sms_after_commit
from skillcert.registrations import refunds
from skillcert.registrations.models import CLOSED_STATES, Postponement, Registration, RegistrationStatus
from skillcert.registrations.policies import BY_STAFF
from skillcert.registrations.rules import postponement_refund_days
from skillcert.registrations.services import registration_cancel

from .errors import ExamdayError
from .models import PracticalBatch
from .notices import session_notices_send

# The dated steps after the exam that a postponement moves with it.
AFTER_EXAM_DATES = (
    "dispute_opens", "dispute_closes", "scores_published_on", "review_opens", "review_closes",
    "certificates_mailed_from",
)  # fmt: skip


def open_registrations(session: ExamSession):
    return Registration.objects.filter(session=session).exclude(status__in=CLOSED_STATES)


def paid_registrations(session: ExamSession):
    return Registration.objects.filter(session=session, status=RegistrationStatus.PAID)


def session_cancel_refusal(session: ExamSession, *, for_low_turnout: bool = False) -> str | None:
    """Why `session` cannot be cancelled now, or None. A sitting already held stays on record;
    a cancellation for low turnout needs fewer open registrations than the brochure's minimum."""
    if session.is_cancelled:
        return _("本梯次已停辦。")
    if session.exam_date < clock.today():
        return _("本梯次已於 %(date)s 考試，不能停辦。") % {"date": clock.roc_date(session.exam_date)}
    if for_low_turnout:
        minimum = session.level.brochure.minimum_turnout
        if not turnout_too_low(registrants=open_registrations(session).count(), minimum_turnout=minimum):
            return _("報名人數已達最低開考人數 %(n)s 人，不能以人數不足停辦。") % {"n": minimum}
    return None


def session_cancel_allowed(session: ExamSession, *, for_low_turnout: bool = False) -> bool:
    return session_cancel_refusal(session, for_low_turnout=for_low_turnout) is None


def session_cancel(*, session: ExamSession, actor, reason: str, for_low_turnout: bool = False) -> ExamSession:
    """Cancel the sitting and every open registration in it; returns the sitting. Raises
    ExamdayError when `session_cancel_refusal` refuses or no reason is given. Once only: a
    second call is refused (the sitting is cancelled), and the refunds it owes are made once
    per registration whatever happens."""
    reason = reason.strip()
    if not reason:
        raise ExamdayError(_("請填寫停辦原因，考生與公告都會看到這段說明。"), code="reason")
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().select_related("level__brochure__item").get(pk=session.pk)
        refusal = session_cancel_refusal(session, for_low_turnout=for_low_turnout)
        if refusal is not None:
            raise ExamdayError(refusal, code="session")
        session.is_cancelled = True
        session.status_note = reason[:200]
        session.save(update_fields=["is_cancelled", "status_note"])
        affected = list(open_registrations(session).select_related("candidate__user").order_by("pk"))
        paid = {r.pk for r in affected if r.status == RegistrationStatus.PAID and r.amount}
        for registration in affected:
            registration_cancel(registration=registration, by=BY_STAFF, actor=actor, reason=reason, notify=False)
            if registration.pk in paid:
                log_action(registration, "registration.refund_owed", actor=actor, reason=reason,
                           data={"amount": registration.amount})  # fmt: skip
                if registration.group_sitting_id is None:
                    refunds.refund_owed_for_cancellation(registration=registration, actor=actor, reason=reason)
        group_refunds_for_cancelled_session(
            registrations=[r for r in affected if r.pk in paid and r.group_sitting_id], actor=actor, reason=reason
        )
        log_action(
            session,
            "examsession.cancelled",
            actor=actor,
            reason=reason,
            data={
                "low_turnout": for_low_turnout,
                "refunds_owed": sum(r.amount for r in affected if r.pk in paid),
                "paid": len(paid),
            },
        )
        with translation.override(settings.LANGUAGE_CODE):
            News.objects.create(
                item=session.level.brochure.item,
                title=_("%(session)s 停辦公告") % {"session": session},
                body=reason,
                published_at=clock.now(),
                is_pinned=True,
            )
            _tell_cancelled(session, affected, paid=paid, reason=reason)
    return session


def session_postpone_refusal(session: ExamSession, *, new_date: dt.date | None) -> str | None:
    """Why `session` cannot be postponed to `new_date`, or None: a sitting held or cancelled
    stays as it is; the new date must be a later day than both today and the old date."""
    if session.is_cancelled:
        return _("本梯次已停辦，不能延期。")
    if session.exam_date < clock.today():
        return _("本梯次已於 %(date)s 考試，不能延期。") % {"date": clock.roc_date(session.exam_date)}
    if new_date is None:
        return _("請填寫新的考試日期。")
    if new_date <= clock.today():
        return _("新的考試日期須在今天之後。")
    if new_date <= session.exam_date:
        return _("新的考試日期須晚於原考試日期 %(date)s。") % {"date": clock.roc_date(session.exam_date)}
    return None


def session_postpone(*, session: ExamSession, new_date: dt.date, actor, reason: str) -> Postponement:
    """Postpone the sitting to `new_date` (see the module's docstring); returns the postponement,
    whose day opens the refund window. Raises ExamdayError when `session_postpone_refusal`
    refuses or no reason is given; then nothing has changed."""
    reason = reason.strip()
    if not reason:
        raise ExamdayError(_("請填寫延期原因，考生與公告都會看到這段說明。"), code="reason")
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().select_related("level__brochure__item").get(pk=session.pk)
        refusal = session_postpone_refusal(session, new_date=new_date)
        if refusal is not None:
            raise ExamdayError(refusal, code="date")
        old_date, shift = session.exam_date, new_date - session.exam_date
        session.exam_date = new_date
        for name in AFTER_EXAM_DATES:
            if getattr(session, name) is not None:
                setattr(session, name, getattr(session, name) + shift)
        session.status_note = reason[:200]
        session.save(update_fields=["exam_date", "status_note", *AFTER_EXAM_DATES])
        moved = {"starts_at": F("starts_at") + shift, "ends_at": F("ends_at") + shift}
        periods = session.timetable.update(**moved)
        batches = PracticalBatch.objects.filter(session=session).update(**moved)
        postponement = Postponement.objects.create(session=session, announced_on=clock.today(), reason=reason[:200])
        log_action(
            session,
            "examsession.postponed",
            actor=actor,
            reason=reason,
            data={"from": old_date.isoformat(), "to": new_date.isoformat(), "periods": periods, "batches": batches},
        )
        with translation.override(settings.LANGUAGE_CODE):
            facts = _postponement_facts(session, old_date=old_date, postponement=postponement)
            News.objects.create(
                item=session.level.brochure.item,
                title=_("%(session)s 延期公告") % {"session": session},
                body=_(
                    "原訂 %(old)s 舉行之「%(session)s」延期至 %(new)s 舉行。原因：%(reason)s。"
                    "因延期致全程無法參加考試者，可於 %(first)s 至 %(last)s 申請取消報名及全額退費。"
                )
                % facts,
                published_at=clock.now(),
                is_pinned=True,
            )
            _tell_postponed(session, facts)
        session_notices_send(session)
    return postponement


def session_date_change_refusal(session: ExamSession, *, new_date: dt.date | None) -> str | None:
    """Why an edit form may not change the exam date of `session` to `new_date`, or None: once
    candidates have paid, a new date goes through the postponement (which moves the timetable
    and tells them)."""
    if session.pk is None or new_date == ExamSession.objects.get(pk=session.pk).exam_date:
        return None
    if paid_registrations(session).exists():
        return _("本梯次已有考生繳費，考試日期不能在此修改；請使用「考試延期」作業，系統會一併調整時間表並通知考生。")
    return None


# -- telling everyone ------------------------------------------------------------------------


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _coordinators(group_sitting_ids) -> dict[int, list[Coordinator]]:
    """The coordinators of each group sitting (its organisation's), by group sitting id."""
    return {
        sitting.pk: list(sitting.organisation.coordinators.select_related("user").order_by("pk"))
        for sitting in GroupSitting.objects.filter(pk__in=list(group_sitting_ids)).select_related("organisation")
    }


def _text(candidate_or_coordinator_mobile: str, body: str) -> None:
    mobile = (candidate_or_coordinator_mobile or "").replace("-", "").replace(" ", "")
    if mobile.startswith("09") and len(mobile) == 10 and mobile.isdigit():
        sms_after_commit(to=mobile, body=body)


def _tell_group_coordinators(registrations, *, template: str, context: dict, sms: str) -> None:
    by_sitting: dict[int, int] = {}
    for registration in registrations:
        if registration.group_sitting_id:
            by_sitting[registration.group_sitting_id] = by_sitting.get(registration.group_sitting_id, 0) + 1
    for sitting_id, coordinators in _coordinators(by_sitting).items():
        emails = [c.user.email for c in coordinators if c.user.email]
        if emails:
            email_after_commit(
                template=template, to=emails,
                context={**context, "candidates": by_sitting[sitting_id], "portal_url": _site(reverse("groupportal:home"))},
            )  # fmt: skip
        for coordinator in coordinators:
            _text(coordinator.phone, sms)


def _tell_cancelled(session: ExamSession, registrations, *, paid: set[int], reason: str) -> None:
    """E-mail and SMS to each candidate of a cancelled sitting (what happens to their money) and
    to the coordinators of each group in it. In the site's language (the caller's override)."""
    for registration in registrations:
        url = _site(reverse("portal:registration_detail", args=[registration.pk]))
        if registration.pk not in paid:
            refund = ""
        else:
            refund = "group" if registration.group_sitting_id else "individual"
        candidate = registration.candidate
        if candidate.user.email:
            email_after_commit(
                template="session_cancelled", to=candidate.user.email,
                context={"name": candidate.name_zh, "session": str(session), "registration_id": registration.pk,
                         "reason": reason, "refund": refund, "amount": format_ntd(registration.amount), "url": url},
            )  # fmt: skip
        words = {"session": str(session), "url": url}
        if refund == "individual":
            body = _("iPAS：%(session)s 停辦，您的報名已取消，報名費全額退還，請上網填寫退費帳戶：%(url)s") % words
        elif refund == "group":
            body = _("iPAS：%(session)s 停辦，您的報名已取消，報名費全額退還至團報單位。詳見 %(url)s") % words
        else:
            body = _("iPAS：%(session)s 停辦，您的報名已取消。詳見 %(url)s") % words
        _text(candidate.mobile, body)
    _tell_group_coordinators(
        registrations,
        template="group_session_cancelled",
        context={"session": str(session), "reason": reason},
        sms=_("iPAS：%(session)s 停辦，團體報名考生的報名已取消，報名費將全額退還至貴單位帳戶。")
        % {"session": session},
    )


def _postponement_facts(session: ExamSession, *, old_date: dt.date, postponement: Postponement) -> dict:
    first, last = postponement_refund_days(announced_on=postponement.announced_on)
    return {
        "session": str(session), "old": clock.roc_date(old_date), "new": clock.roc_date(session.exam_date),
        "reason": postponement.reason, "first": clock.roc_date(first), "last": clock.roc_date(last),
    }  # fmt: skip


def _tell_postponed(session: ExamSession, facts: dict) -> None:
    """E-mail and SMS to each candidate still registered (the new date, the refund window) and
    to the coordinators of each group in the sitting."""
    registrations = list(open_registrations(session).select_related("candidate__user").order_by("pk"))
    for registration in registrations:
        url = _site(reverse("portal:registration_detail", args=[registration.pk]))
        candidate = registration.candidate
        group = registration.group_sitting_id is not None
        if candidate.user.email:
            email_after_commit(
                template="session_postponed", to=candidate.user.email,
                context={**facts, "name": candidate.name_zh, "registration_id": registration.pk, "url": url,
                         "group": "yes" if group else "", "paid": "yes" if registration.status == RegistrationStatus.PAID else ""},
            )  # fmt: skip
        _text(
            candidate.mobile,
            _("iPAS：%(session)s 延期至 %(new)s 舉行，考試通知將重新寄發；無法應考者請於 %(last)s 前申請退費。")
            % facts,
        )
    _tell_group_coordinators(
        registrations,
        template="group_session_postponed",
        context=facts,
        sms=_("iPAS：%(session)s 延期至 %(new)s 舉行；無法應考之團報考生請於 %(first)s 至 %(last)s 由窗口申請退費。")
        % facts,
    )
