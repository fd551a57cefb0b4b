"""A sitting cancelled 停辦 (SPEC §2; brochure 113 §2.3 備註2: a sitting with fewer registrants
than the minimum is not held). The one way a sitting is cancelled, from the back office too:
every open registration is cancelled (seats back, the candidate told), what was paid is
recorded as a refund owed, and a pinned news item tells the public. (The exam-day work adds
the refunds themselves and the notices.)"""

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, News
from skillcert.catalog.rules import turnout_too_low
from skillcert.core import clock
from skillcert.core.audit import log_action

from .errors import RegistrationError
from .models import CLOSED_STATES, Registration, RegistrationStatus
from .policies import BY_STAFF
from .services import registration_cancel


def open_registrations(session: ExamSession):
    return Registration.objects.filter(session=session).exclude(status__in=CLOSED_STATES)


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
    RegistrationError when `session_cancel_refusal` refuses or no reason is given."""
    if not reason.strip():
        raise RegistrationError(_("請填寫停辦原因，考生與公告都會看到這段說明。"), code="reason")
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().select_related("level__brochure__item").get(pk=session.pk)
        refusal = session_cancel_refusal(session, for_low_turnout=for_low_turnout)
        if refusal is not None:
            raise RegistrationError(refusal, code="session")
        session.is_cancelled = True
        session.status_note = reason.strip()[:200]
        session.save(update_fields=["is_cancelled", "status_note"])
        owed = {}
        for registration in open_registrations(session).order_by("pk"):
            if registration.status == RegistrationStatus.PAID and registration.amount:
                owed[registration.pk] = registration.amount
            registration_cancel(registration=registration, by=BY_STAFF, actor=actor, reason=reason)
            if registration.pk in owed:
                log_action(registration, "registration.refund_owed", actor=actor, reason=reason,
                           data={"amount": owed[registration.pk]})  # fmt: skip
        log_action(
            session,
            "examsession.cancelled",
            actor=actor,
            reason=reason,
            data={"low_turnout": for_low_turnout, "refunds_owed": sum(owed.values()), "paid": len(owed)},
        )
        News.objects.create(
            item=session.level.brochure.item,
            title=_("%(session)s 停辦公告") % {"session": session},
            body=reason.strip(),
            published_at=clock.now(),
            is_pinned=True,
        )
    return session
