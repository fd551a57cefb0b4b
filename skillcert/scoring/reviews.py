"""成績複查 score review (brochure §5.1, 附錄五): once per sitting, online, within the window;
the reply is due within 3 Taiwan working days; a corrected score re-runs certification."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from skillcert.catalog import selectors as catalog_selectors
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.notifications.services import email_after_commit

from .evaluation import certification_evaluate
from .models import Attendance, ReviewedScore, ReviewStatus, Score, ScoreReview
from .services import score_record


def review_window_of(session) -> tuple[dt.date, dt.date] | None:
    """The review days (first, last), as `catalog.selectors.review_window` decides them."""
    return catalog_selectors.review_window(session=session)


def review_is_open(session, today: dt.date | None = None) -> bool:
    today = today or clock.today()
    return catalog_selectors.review_open(session=session, now=clock.at(today)) and today >= session.scores_published_on


def review_request(*, candidate, session, score_ids: list[int], reason: str = "") -> ScoreReview:
    """File the one review of this sitting for the chosen subjects of the candidate's own scores."""
    if not review_is_open(session):
        raise ValidationError(_("目前不在成績複查申請期間內，逾期申請者不予受理。"))
    scores = list(Score.objects.filter(candidate=candidate, session=session, pk__in=score_ids))
    if not scores:
        raise ValidationError(_("請至少選擇一個要複查的考科。"))
    now = clock.now()
    try:
        with transaction.atomic():
            review = ScoreReview.objects.create(
                candidate=candidate,
                session=session,
                reason=reason.strip()[:2000],
                requested_at=now,
                due_on=clock.add_working_days(clock.local(now).date(), session.review_reply_working_days),
            )
            ReviewedScore.objects.bulk_create(
                ReviewedScore(review=review, score=s, original_score=s.score) for s in scores
            )
            log_action(review, "scorereview.submitted", actor=candidate.user, to_state=review.status)
            _tell(review, "scoring_review_received")
    except IntegrityError as error:
        raise ValidationError(_("每一梯次的成績複查以一次為限，您已提出申請。")) from error
    return review


def review_extend(*, review: ScoreReview, due_on: dt.date, reason: str, actor) -> ScoreReview:
    """遇有特殊原因不能如期查復時，得酌予延長並通知應考人 (附錄五 二)."""
    if not reason.strip():
        raise ValidationError(_("請填寫延長查復的原因。"))
    with transaction.atomic():
        review = ScoreReview.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.SUBMITTED:
            raise ValidationError(_("此複查申請已延長或已查復，不能再延長。"))
        review.due_on = due_on
        transition(review, ReviewStatus.EXTENDED, actor=actor, reason=reason, extra_fields=("due_on",))
        _tell(review, "scoring_review_extended", reason=reason)
    return review


def review_reply(
    *,
    review: ScoreReview,
    actor,
    reply: str,
    checked_attendance: bool,
    checked_deductions: bool,
    rescored: bool,
    corrections: dict[int, Decimal | None] | None = None,
) -> ScoreReview:
    """Record the checks and the outcome. `corrections` maps a reviewed Score id to its corrected
    raw score (None: 缺考). A corrected score re-runs certification; the candidate is told."""
    if not (checked_attendance and checked_deductions and rescored):
        raise ValidationError(_("請完成到考紀錄、違規紀錄與重新核分三項核對後再查復。"))
    corrections = corrections or {}
    with transaction.atomic():
        review = ScoreReview.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.REPLIED:
            raise ValidationError(_("此複查申請已查復。"))
        items = {item.score_id: item for item in review.items.select_related("score__registration_subject")}
        unknown = set(corrections) - set(items)
        if unknown:
            raise ValidationError(_("只能更正申請複查的考科成績。"))
        changed = False
        for score_id, raw in corrections.items():
            item = items[score_id]
            attendance = Attendance.ABSENT if raw is None else Attendance.PRESENT
            score = score_record(
                registration_subject=item.score.registration_subject,
                attendance=attendance,
                raw_score=raw,
                actor=actor,
                reason=_("成績複查更正"),
            )
            item.corrected_score = score.score
            item.save(update_fields=["corrected_score"])
            changed |= score.score != item.original_score
        review.checked_attendance, review.checked_deductions, review.rescored = True, True, True
        review.result = ScoreReview.Result.CORRECTED if changed else ScoreReview.Result.UNCHANGED
        review.reply = reply.strip()
        review.replied_at = clock.now()
        review.replied_by = actor
        outcome = certification_evaluate(candidate=review.candidate, level=review.session.level, actor=actor)
        transition(
            review,
            ReviewStatus.REPLIED,
            actor=actor,
            reason=review.reply,
            extra_fields=(
                "checked_attendance",
                "checked_deductions",
                "rescored",
                "result",
                "reply",
                "replied_at",
                "replied_by",
            ),
            data={"result": review.result, "certified": outcome.certified},
        )
        _tell(review, "scoring_review_replied", certified=outcome.certified)
    return review


def _tell(review: ScoreReview, template: str, **extra) -> None:
    user = review.candidate.user
    if not user.email:
        return
    items = [
        {"subject": str(i.score.subject), "original": i.original_score, "corrected": i.corrected_score}
        for i in review.items.select_related("score__subject")
    ]
    email_after_commit(
        template=template,
        to=user.email,
        context={
            "name": review.candidate.name_zh,
            "session": str(review.session),
            "due_on": clock.roc_date(review.due_on),
            "result": review.get_result_display() if review.result else "",
            "reply": review.reply,
            "items": items,
            "review_id": review.pk,
            "session_id": review.session_id,
            **extra,
        },
    )
