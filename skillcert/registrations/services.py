"""Registration services (SPEC §4): create, pay, cancel, expire, eligibility review.

Keyword-only `registration_<verb>` functions; each is one transaction, changes status only
through `core.states.transition`, writes audit rows and queues e-mail after commit.
Refunds live in `refunds.py`, staff and candidate edits in `edits.py` (re-exported here)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, SeatPool, Subject, SubjectKind
from skillcert.catalog.selectors import registration_window, session_registration_open
from skillcert.core import audit, clock, hotsql
from skillcert.core.audit import log_action
from skillcert.core.money import format_ntd
from skillcert.core.states import transition
from skillcert.core.uploads import validate_document
from skillcert.notifications.services import email_after_commit

from . import catalog_cache, policies, rules, selectors
from .errors import RegistrationError, SittingFull
from .models import PlanDocument, Registration, RegistrationStatus, RegistrationSubject, SpecialNeeds
from .pricing import NoPriceError, price_for
from .seats import SeatsFull, seats_claim, seats_left, seats_release

__all__ = [
    "RegistrationError",
    "SittingFull",
    "registration_create",
    "registration_mark_paid",
    "registration_cancel",
    "registration_expire_unpaid",
    "registration_approve_eligibility",
]


def kept_subject_ids(*, candidate, level, on) -> set[int]:
    """Subjects passed and still kept (scoring's rule, SPEC §10)."""
    try:
        from skillcert.scoring.selectors import kept_subject_ids as scoring_kept
    except ImportError:  # scoring not installed in this build: nobody keeps a pass yet
        return set()
    return set(scoring_kept(candidate=candidate, level=level, on=on))


def _issue_virtual_account(*, registration, actor, new_registration: bool = False) -> None:
    try:
        from skillcert.payments.services import virtual_account_issue
    except ImportError:  # payments not installed in this build: the slip page shows no account
        return
    virtual_account_issue(registration=registration, actor=actor, new_registration=new_registration)


def _full_error(*, session, kinds) -> SittingFull:
    following = next_open_session(session=session, kinds=kinds)
    if following is None:
        return SittingFull(_("本梯次報名名額已滿，目前沒有其他尚有名額的梯次。"))
    message = _("本梯次報名名額已滿。下一個尚有名額的梯次：%(session)s（考試日期 %(date)s，報名截止 %(closes)s）。") % {
        "session": following,
        "date": clock.roc_date(following.exam_date),
        "closes": clock.roc_datetime(following.registration_closes),
    }
    return SittingFull(message, next_session=following)


def next_open_session(*, session, kinds) -> ExamSession | None:
    """The next sitting of the same level whose window is still open and has written seats.
    An offer, not a hold (that sitting's own claim decides), so each process reuses it for
    `catalog_cache.OFFER_SECONDS`: on registration night every refused submission asks."""
    written = [k for k in kinds if k == SubjectKind.WRITTEN]

    def load():
        now = clock.now()
        candidates = (
            ExamSession.objects.filter(level_id=session.level_id, is_cancelled=False, registration_closes__gte=now)
            .filter(Q(exam_date__gt=session.exam_date) | Q(exam_date=session.exam_date, nth__gt=session.nth))
            .order_by("exam_date", "nth")
        )
        for following in candidates[:10]:
            if seats_left(session=following, kinds=written):
                following.level = session.level  # same level: its name needs no query
                return following
        return None

    return catalog_cache.offer(("next_open_session", session.pk, tuple(written)), load)


def _check_window(*, session, group_sitting, now) -> None:
    if session.is_cancelled:
        raise RegistrationError(_("本梯次已停辦，無法報名。"), code="cancelled")
    group = group_sitting is not None
    if session_registration_open(session=session, group=group, now=now):
        return
    opens, closes = registration_window(session, group=group)
    label = _("團體報名") if group else _("個人報名")
    if now < opens:
        raise RegistrationError(
            _("%(label)s尚未開始，開始時間：%(at)s。") % {"label": label, "at": clock.roc_datetime(opens)}, code="early"
        )
    raise RegistrationError(
        _("%(label)s已於 %(at)s 截止，無法再報名。") % {"label": label, "at": clock.roc_datetime(closes)}, code="closed"
    )


def _subject_rows(*, session, subjects) -> list[Subject]:
    """The chosen subjects as rows of the session's level, by number; refused if any is not."""
    subjects = list(subjects)
    if subjects and all(isinstance(s, Subject) for s in subjects):
        # Rows already loaded (the form's choices): no second query, same level check.
        unique = {s.pk: s for s in subjects}
        rows = sorted(unique.values(), key=lambda s: s.number)
        ids = set(unique) if all(s.level_id == session.level_id for s in rows) else set()
    else:
        ids = {s.pk if isinstance(s, Subject) else int(s) for s in subjects}
        rows = list(Subject.objects.filter(level_id=session.level_id, pk__in=ids).order_by("number"))
    if not rows or len(rows) != len(ids):
        raise RegistrationError(_("請選擇本級等的考科。"), code="subjects")
    return rows


def _check_subjects(*, candidate, session, subjects, now, history=None) -> list[Subject]:
    """The chosen subjects, refused unless they complete a certification path with the passes
    the candidate keeps. `history` (`selectors.registration_history`), when given and empty,
    says there is no score to keep without asking scoring."""
    rows = _subject_rows(session=session, subjects=subjects)
    paths = list(catalog_cache.level_paths(session.level_id))
    kept = set()
    if paths and (history is None or history):
        kept_ids = kept_subject_ids(candidate=candidate, level=session.level, on=clock.local(now).date())
        kept = {s.number for s in catalog_cache.level_subjects(session.level_id) if s.pk in kept_ids}
    if paths and not rules.subjects_fit_paths(paths=paths, chosen={s.number for s in rows}, kept=kept):
        names = _(" 或 ").join("+".join(str(n) for n in sorted(p - kept)) for p in paths if p - kept)
        raise RegistrationError(
            _("所選考科不符合授證組合，請選擇：考科 %(paths)s（已保留及格的考科不需再考）。") % {"paths": names},
            code="paths",
        )
    return rows


def _check_place(*, session, region, practical_venue, subjects) -> None:
    if region.pk not in catalog_cache.session_region_ids(session.pk):
        raise RegistrationError(_("本梯次未開設「%(region)s」考區。") % {"region": region}, code="region")
    if any(s.kind == SubjectKind.PRACTICAL for s in subjects):
        venues = SeatPool.objects.filter(session=session, kind=SubjectKind.PRACTICAL, venue__region=region)
        if venues.exists() and not venues.filter(venue=practical_venue).exists():
            raise RegistrationError(_("請選擇本考區的術科考場。"), code="venue")
    elif practical_venue is not None:
        raise RegistrationError(_("未報考術科，不需選擇術科考場。"), code="venue")


def _validate_files(files) -> list[tuple[object, str]]:
    return [(f, validate_document(f)) for f in files]


def registration_create(
    *,
    candidate,
    session,
    subjects,
    region,
    practical_venue=None,
    group_sitting=None,
    claimed_plan=None,
    documents=(),
    special_needs=None,
    actor=None,
) -> Registration:
    """SPEC §4 S1: check window, subjects, place and documents; price; hold the seats; and
    leave the registration awaiting review (documents) or payment. Raises RegistrationError.

    `special_needs` is a dict of SpecialNeeds fields with a `document` file."""
    now = clock.now()
    _check_window(session=session, group_sitting=group_sitting, now=now)
    rows = _subject_rows(session=session, subjects=subjects)
    kinds = [s.kind for s in rows]
    # A plainly full sitting is refused before the candidate's history is read (registration
    # night: half the submissions end here). The claim below is what counts.
    if not seats_left(session=session, kinds=kinds, venue=practical_venue):
        raise _full_error(session=session, kinds=kinds)
    history = selectors.registration_history(candidate=candidate)
    rows = _check_subjects(candidate=candidate, session=session, subjects=rows, now=now, history=history)
    _check_place(session=session, region=region, practical_venue=practical_venue, subjects=rows)
    claimed = {claimed_plan} if claimed_plan else set()
    try:
        quote = price_for(
            candidate=candidate, session=session, subjects=rows, group_sitting=group_sitting, claimed_plans=claimed,
            history=history,
        )  # fmt: skip
    except NoPriceError as error:
        raise RegistrationError(_("所選考科沒有適用的報名費用，請洽執行單位。"), code="price") from error
    if quote.needs_documents and not documents:
        raise RegistrationError(_("此方案須上傳證明文件，經審核後才會產生繳費帳號。"), code="documents")
    checked_documents = _validate_files(documents) if quote.needs_documents else []
    needs = dict(special_needs or {})
    if needs:
        _check_special_needs(needs)
    # One open registration per session: the unique constraint decides (IntegrityError below).

    if quote.needs_documents:
        status = RegistrationStatus.AWAITING_REVIEW
    elif quote.amount == 0:  # 再充電: nothing to pay, the registration is complete at once
        status = RegistrationStatus.PAID
    else:
        status = RegistrationStatus.AWAITING_PAYMENT
    deadline = None
    if status == RegistrationStatus.AWAITING_PAYMENT and group_sitting is None:
        deadline = rules.payment_deadline(now=now, registration_closes=session.registration_closes)
    try:
        with transaction.atomic():
            with audit.batched():  # both audit rows in one INSERT
                registration = Registration(
                    candidate=candidate,
                    session=session,
                    region=region,
                    practical_venue=practical_venue,
                    group_sitting=group_sitting,
                    plan=quote.plan,
                    plan_reason=quote.reason[:200],
                    amount=quote.amount,
                    status=status,
                    payment_deadline=deadline,
                )
                hotsql.insert([registration])  # registration night's INSERTs, compiled once
                hotsql.insert(
                    [
                        RegistrationSubject(registration=registration, subject=s, fee=fee)
                        for s, fee in zip(rows, quote.per_subject, strict=True)
                    ]
                )
                for upload, mime in checked_documents:
                    PlanDocument.objects.create(registration=registration, file=upload, content_type=mime)
                if needs:
                    SpecialNeeds.objects.create(registration=registration, **needs)
                log_action(
                    registration,
                    "registration.created",
                    actor=actor,
                    to_state=status,
                    data={"plan": quote.plan, "amount": quote.amount, "subjects": [s.code for s in rows]},
                )
                if deadline is not None:
                    _issue_virtual_account(registration=registration, actor=actor, new_registration=True)
                _notify(registration, "registration_received")
            # Last statement before commit: the pool row stays locked only for the commit.
            seats_claim(session=session, kinds=kinds, venue=practical_venue)
    except SeatsFull as error:
        raise _full_error(session=session, kinds=kinds) from error
    except IntegrityError as error:
        raise RegistrationError(_("您已報名本梯次，請至報名進度查詢查看。"), code="duplicate") from error
    return registration


def _check_special_needs(needs: dict) -> None:
    minutes = int(needs.get("extra_minutes") or 0)
    if not 0 <= minutes <= SpecialNeeds.MAX_EXTRA_MINUTES:
        raise RegistrationError(_("延長考試時間每科至多 20 分鐘。"), code="special_needs")
    asked = minutes or any(needs.get(k) for k in ("enlarged_paper", "ground_floor", "seat", "other"))
    if not asked:
        raise RegistrationError(_("請勾選至少一項應考服務。"), code="special_needs")
    if not needs.get("document"):
        raise RegistrationError(_("申請應考服務須上傳身心障礙證明或公立醫院診斷證明。"), code="special_needs")
    validate_document(needs["document"])


def _notify(registration: Registration, template: str, **extra) -> None:
    user = registration.candidate.user
    if not user.email:
        return
    context = {
        "name": registration.candidate.name_zh,
        "registration_id": registration.pk,
        "session": str(registration.session),
        "status": registration.get_status_display(),
        "amount": format_ntd(registration.amount),
        "deadline": clock.roc_datetime(registration.payment_deadline),
        **{key: str(value) for key, value in extra.items()},
    }
    email_after_commit(template=template, to=user.email, context=context)


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("candidate__user", "session").get(pk=registration.pk)


def registration_release_seats(*, registration: Registration, subjects=None) -> None:
    """Give back the seats of `subjects` (default: every subject still sat)."""
    rows = subjects if subjects is not None else registration.subjects.filter(dropped=False).select_related("subject")
    seats_release(
        session=registration.session,
        kinds=[r.subject.kind for r in rows],
        venue=registration.practical_venue,
    )


def registration_mark_paid(*, registration, actor=None, reason="") -> Registration:
    """SPEC §4 S3–S5: paid (bank file or group remittance); tells the candidate 繳費成功.
    Idempotent: a registration already paid is left alone."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status == RegistrationStatus.PAID:
            return registration
        transition(registration, RegistrationStatus.PAID, actor=actor, reason=reason)
        _notify(registration, "registration_paid")
    return registration


def registration_cancel(*, registration, by: str, actor=None, reason="") -> Registration:
    """Cancel and give the seats back to the quota (SPEC §4, §7). `by` says who asks
    (`policies.BY_CANDIDATE` or `BY_STAFF`); a cancellation `policies.cancel_refusal` refuses
    raises RegistrationError. Idempotent: a cancelled registration is left alone."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        refusal = policies.cancel_refusal(registration, by=by)
        if refusal is not None:
            raise RegistrationError(refusal, code="cancel")
        transition(registration, RegistrationStatus.CANCELLED, actor=actor, reason=reason)
        registration_release_seats(registration=registration)
        _notify(registration, "registration_cancelled")
    return registration


def registration_expire_unpaid(*, now=None) -> int:
    """SPEC §4: an unpaid hold expires at its payment deadline, once the bank's credit file for
    that day has had time to arrive (`rules.hold_expires_at`); the seat returns to the quota and
    the candidate is told. Safe to run twice: the second run finds nothing."""
    now = now or clock.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.AWAITING_PAYMENT,
        payment_deadline__isnull=False,
        payment_deadline__lt=rules.holds_lapsed_before(now),
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().filter(pk=pk).first()
            if registration is None or registration.status != RegistrationStatus.AWAITING_PAYMENT:
                continue
            transition(registration, RegistrationStatus.EXPIRED, reason=_("逾繳費期限未繳費"))
            registration_release_seats(registration=registration)
            _notify(registration, "registration_expired")
            expired += 1
    return expired


def registration_approve_eligibility(*, registration, actor, approved: bool, reason="") -> Registration:
    """Staff review of a plan's documents (SPEC §5). Approved: the plan stands. Refused: the
    registration is repriced at the lowest plan without documents. Either way a payment
    account is issued now (group registrations are remitted by the coordinator)."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.status != RegistrationStatus.AWAITING_REVIEW:
            raise RegistrationError(_("此報名不在資格審核中。"), code="state")
        if not approved:
            if not reason:
                raise RegistrationError(_("請填寫不符資格的原因，考生會看到這段說明。"), code="reason")
            _reprice(registration, claimed_plans=())
        registration.review_note = reason[:300]
        if registration.amount == 0:
            transition(registration, RegistrationStatus.PAID, actor=actor, reason=reason,
                       extra_fields=("review_note", "plan", "plan_reason", "amount"))  # fmt: skip
            _notify(registration, "registration_paid")
            return registration
        now = clock.now()
        extra = ["review_note", "plan", "plan_reason", "amount"]
        if registration.group_sitting_id is None:
            registration.payment_deadline = rules.payment_deadline(
                now=now, registration_closes=registration.session.registration_closes
            )
            extra.append("payment_deadline")
        transition(
            registration,
            RegistrationStatus.AWAITING_PAYMENT,
            actor=actor,
            reason=reason,
            extra_fields=tuple(extra),
            data={"approved": approved, "plan": registration.plan, "amount": registration.amount},
        )
        if registration.group_sitting_id is None:
            _issue_virtual_account(registration=registration, actor=actor)
        _notify(registration, "registration_reviewed", approved=_("符合") if approved else _("不符合"), note=reason)
    return registration


def _reprice(registration: Registration, *, claimed_plans) -> None:
    """Recompute plan, amount and per-subject fees (not saved: the caller saves)."""
    lines = list(registration.subjects.filter(dropped=False).select_related("subject").order_by("subject__number"))
    quote = price_for(
        candidate=registration.candidate,
        session=registration.session,
        subjects=[line.subject for line in lines],
        group_sitting=registration.group_sitting,
        claimed_plans=claimed_plans,
    )
    for line, fee in zip(lines, quote.per_subject, strict=True):
        if line.fee != fee:
            line.fee = fee
            line.save(update_fields=["fee"])
    registration.plan, registration.amount, registration.plan_reason = quote.plan, quote.amount, quote.reason[:200]


from .edits import (  # noqa: E402  (re-exported: one import path for other engineers)
    personal_data_locked_by,
    registration_staff_update,
    special_needs_decide,
)
from .refunds import refund_decide, refund_record_paid, refund_request_create  # noqa: E402

__all__ += [
    "personal_data_locked_by",
    "registration_staff_update",
    "special_needs_decide",
    "refund_request_create",
    "refund_decide",
    "refund_record_paid",
]
