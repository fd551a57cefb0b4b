"""疑義 disputed questions (附錄六): filing, the committee's final ruling, announcement, regrade.

Filing: on exam day at the venue, recorded by staff (疑義考題紀錄單), or online within the
session's window where the brochure gives one. One complete filing per question per candidate.
Ruling: not upheld (no announcement) or upheld by changing the key, accepting several options,
or giving everyone the points; upheld rulings are announced (subject, question and how each
option scores only) and the subject is regraded for everyone."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import News
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.uploads import validate_document
from skillcert.registrations.models import CLOSED_STATES, RegistrationSubject

from . import grading, rules
from .models import AnswerKey, Dispute, Ruling
from .services import subject_regrade


def online_filing_open(session, today=None) -> bool:
    return rules.dispute_online_open(
        today=today or clock.today(), opens=session.dispute_opens, closes=session.dispute_closes
    )


def _check_registered(candidate, session, subject) -> None:
    registered = (
        RegistrationSubject.objects.filter(
            registration__candidate=candidate, registration__session=session, subject=subject
        )
        .exclude(registration__status__in=CLOSED_STATES)
        .exists()
    )
    if not registered:
        raise ValidationError(_("您未報考此梯次的這個考科。"))


def dispute_file(
    *, candidate, session, subject, question: int, reason: str, channel: str, evidence=None, actor=None
) -> Dispute:
    today = clock.today()
    if channel == Dispute.Channel.EXAM_DAY:
        if not (session.dispute_on_exam_day and today == session.exam_date):
            raise ValidationError(_("試場疑義僅能於考試當天由監試人員記錄。"))
        if actor is None or not actor.has_role("venue", "reviewer", "item_officer"):
            raise ValidationError(_("試場疑義須由監試人員記錄。"))
    elif not online_filing_open(session, today):
        raise ValidationError(_("目前不在疑義申請期間內，逾期不予受理。"))
    _check_registered(candidate, session, subject)
    if not reason or not reason.strip():
        raise ValidationError(_("請具體敘明疑義原因及相關說明。"))
    if question < 1 or (
        AnswerKey.objects.filter(session=session, subject=subject).exists()
        and not AnswerKey.objects.filter(session=session, subject=subject, question=question).exists()
    ):
        raise ValidationError(_("題號不正確。"))
    evidence_type = validate_document(evidence) if evidence else ""
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                candidate=candidate,
                session=session,
                subject=subject,
                question=question,
                reason=reason.strip(),
                evidence=evidence or "",
                evidence_type=evidence_type,
                channel=channel,
                recorded_by=actor if channel == Dispute.Channel.EXAM_DAY else None,
                filed_at=clock.now(),
            )
            log_action(
                dispute, "dispute.filed", actor=actor or candidate.user, data={"question": question, "channel": channel}
            )
    except IntegrityError as error:
        raise ValidationError(_("同一道試題須一次性提出完整疑義，您已就此題提出，請勿重複提交。")) from error
    return dispute


def scoring_method_text(ruling: Ruling) -> str:
    """How each option scores, the only thing an upheld ruling announces (附錄六 三(二)(2))."""
    if ruling.decision == Ruling.Decision.ALL_POINTS:
        return _("整題一律給分")
    if ruling.decision == Ruling.Decision.ACCEPT_OPTIONS:
        return _("選 %(o)s 均給分") % {"o": "、".join(ruling.options)}
    return _("更正答案為 %(o)s") % {"o": "、".join(ruling.options)}


def ruling_record(
    *, session, subject, question: int, decision: str, options: str = "", note: str = "", actor
) -> tuple[Ruling, int]:
    """Record the committee's final ruling; when upheld, change the key, announce and regrade.
    Returns the ruling and the number of scores that changed."""
    options = grading.normalise_options(options)
    if decision in (Ruling.Decision.CHANGE_KEY, Ruling.Decision.ACCEPT_OPTIONS) and not options:
        raise ValidationError(_("請填寫給分的選項。"))
    if decision == Ruling.Decision.ACCEPT_OPTIONS and len(options) < 2:
        raise ValidationError(_("多個選項均給分時請至少填寫兩個選項。"))
    with transaction.atomic():
        key = AnswerKey.objects.select_for_update().filter(session=session, subject=subject, question=question).first()
        if key is None:
            raise ValidationError(_("此考科沒有第 %(q)s 題的標準答案。") % {"q": question})
        try:
            with transaction.atomic():
                ruling = Ruling.objects.create(
                    session=session, subject=subject, question=question, decision=decision,
                    previous_options=key.options, options=options if decision != Ruling.Decision.NOT_UPHELD else key.options,
                    note=note, ruled_by=actor, ruled_at=clock.now(),
                )  # fmt: skip
        except IntegrityError as error:
            raise ValidationError(_("此題已有釋覆結果；釋覆結果為最終決定。")) from error
        log_action(
            ruling, f"ruling.{decision}", actor=actor, reason=note, data={"from": key.options, "to": ruling.options}
        )
        if decision == Ruling.Decision.NOT_UPHELD:
            return ruling, 0
        if decision == Ruling.Decision.ALL_POINTS:
            key.everyone_scores = True
        else:
            key.options = options
        key.save(update_fields=["options", "everyone_scores"])
        ruling.news = News.objects.create(
            item=session.level.brochure.item,
            title=_("%(session)s %(subject)s 疑義釋覆結果") % {"session": session, "subject": subject.name},
            body=_("考科：%(code)s %(name)s\n題號：第 %(q)s 題\n給分方式：%(method)s")
            % {"code": subject.code, "name": subject.name, "q": question, "method": scoring_method_text(ruling)},
            published_at=clock.now(),
        )
        ruling.save(update_fields=["news"])
        changed, _summary = subject_regrade(session=session, subject=subject, actor=actor, reason=_("疑義釋覆"))
    return ruling, changed
