"""The checks a registration passes (SPEC §4 S1), shared by `services.registration_create`,
the bulk path (`bulk.py`), staff edits (`edits.py`) and group change requests: the window, the
subjects against the level's certification paths minus kept passes, the place, special needs;
and the 'full' refusal offering the next sitting. Each raises RegistrationError."""

from django.db.models import Q
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession, Plan, SeatPool, Subject, SubjectKind
from skillcert.catalog.selectors import registration_window, session_registration_open
from skillcert.core import clock
from skillcert.core.uploads import validate_document
from skillcert.scoring import selectors as scoring_selectors

from . import catalog_cache, pricing, rules
from .errors import RegistrationError, SittingFull
from .models import CLOSED_STATES, SpecialNeeds
from .seats import seats_left


def kept_subject_ids(*, candidate, level, on) -> set[int]:
    """Subjects passed and still kept (scoring's rule, SPEC §10)."""
    return set(scoring_selectors.kept_subject_ids(candidate=candidate, level=level, on=on))


def full_error(*, session, kinds) -> SittingFull:
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
            ExamSession.objects.filter(level_id=session.level_id, is_cancelled=False, registration_closes__gt=now)
            .filter(Q(exam_date__gt=session.exam_date) | Q(exam_date=session.exam_date, nth__gt=session.nth))
            .order_by("exam_date", "nth")
        )
        for following in candidates[:10]:
            if seats_left(session=following, kinds=written):
                following.level = session.level  # same level: its name needs no query
                return following
        return None

    return catalog_cache.offer(("next_open_session", session.pk, tuple(written)), load)


def check_window(*, session, group_sitting, now) -> None:
    if session.is_cancelled:
        raise RegistrationError(_("本梯次已停辦，無法報名。"), code="cancelled")
    group = group_sitting is not None
    if group and group_sitting.session_id != session.pk:
        raise RegistrationError(_("此團報折扣碼不適用於本梯次。"), code="other_session")
    if session_registration_open(session=session, group=group, now=now):
        return
    window = registration_window(session, group=group)
    opens, closes = window.opens, window.closes
    label = _("團體報名") if group else _("個人報名")
    if now < opens:
        raise RegistrationError(
            _("%(label)s尚未開始，開始時間：%(at)s。") % {"label": label, "at": clock.roc_datetime(opens)}, code="early"
        )
    raise RegistrationError(
        _("%(label)s已於 %(at)s 截止，無法再報名。") % {"label": label, "at": clock.roc_datetime(closes)}, code="closed"
    )


def check_not_registered(*, session, history) -> None:
    """One open registration per candidate and sitting (the database's unique constraint is the
    backstop); `history` is `selectors.registration_history`."""
    closed = {str(state) for state in CLOSED_STATES}
    if any(session_id == session.pk and str(status) not in closed for session_id, status in history):
        raise RegistrationError(_("您已報名本梯次，請至報名進度查詢查看。"), code="duplicate")


def subject_rows(*, session, subjects) -> list[Subject]:
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


def check_subjects(*, candidate, session, subjects, now, history=None) -> list[Subject]:
    """The chosen subjects, refused unless they complete a certification path with the passes
    the candidate keeps. `history` (`selectors.registration_history`), when given and empty,
    says there is no score to keep without asking scoring."""
    rows = subject_rows(session=session, subjects=subjects)
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


def check_place(*, session, region, practical_venue, subjects) -> None:
    if region.pk not in catalog_cache.session_region_ids(session.pk):
        raise RegistrationError(_("本梯次未開設「%(region)s」考區。") % {"region": region}, code="region")
    if any(s.kind == SubjectKind.PRACTICAL for s in subjects):
        venues = SeatPool.objects.filter(session=session, kind=SubjectKind.PRACTICAL, venue__region=region)
        if venues.exists() and not venues.filter(venue=practical_venue).exists():
            raise RegistrationError(_("請選擇本考區的術科考場。"), code="venue")
    elif practical_venue is not None:
        raise RegistrationError(_("未報考術科，不需選擇術科考場。"), code="venue")


def check_special_needs(needs: dict) -> None:
    minutes = int(needs.get("extra_minutes") or 0)
    if not 0 <= minutes <= SpecialNeeds.MAX_EXTRA_MINUTES:
        raise RegistrationError(_("延長考試時間每科至多 20 分鐘。"), code="special_needs")
    asked = minutes or any(needs.get(k) for k in ("enlarged_paper", "ground_floor", "seat", "other"))
    if not asked:
        raise RegistrationError(_("請勾選至少一項應考服務。"), code="special_needs")
    if len(needs.get("other") or "") > SpecialNeeds.MAX_OTHER_CHARS:
        raise RegistrationError(
            _("其他需求請以 %(limit)d 字以內說明。") % {"limit": SpecialNeeds.MAX_OTHER_CHARS}, code="special_needs"
        )
    if not needs.get("document"):
        raise RegistrationError(_("申請應考服務須上傳身心障礙證明或公立醫院診斷證明。"), code="special_needs")
    validate_document(needs["document"])


def check_plan_claim(*, candidate, claimed_plan, recognition_organisation, group_sitting, now) -> None:
    """A claimed plan's own conditions (SPEC §5). 人才培訓方案 (brochure 115 §3.3, 附錄三): the
    profile's tick and a certificate date within three years (`pricing.training_certificate_refusal`);
    the document is then reviewed by staff. 認同方案 for an individual: the named school or
    company's recognition is confirmed by staff; a group's candidates are priced by their group."""
    if claimed_plan == Plan.TRAINING:
        refusal = pricing.training_certificate_refusal(
            ticked=candidate.moea_training_recent,
            certificate_on=candidate.moea_training_certificate_on,
            on=clock.local(now).date(),
        )
        if refusal:
            raise RegistrationError(refusal, code="training")
    if recognition_organisation is None:
        return
    if group_sitting is not None:
        raise RegistrationError(_("團體報名依團報單位計價，不另填認同單位。"), code="recognition")
    if not recognition_organisation.has_recognition:
        raise RegistrationError(
            _("「%(name)s」尚未經執行單位確認簽署 iPAS 認同，無法適用認同方案。") % {"name": recognition_organisation},
            code="recognition",
        )


def check_recharge_priced(*, group_sitting, quote) -> None:
    """A course organiser's sitting registers only the free 再充電 plan (brochure 113 §3.3 備註6:
    that year's written subjects); anything it would price otherwise is refused."""
    if group_sitting is not None and group_sitting.organisation.is_recharge_organiser and quote.plan != Plan.RECHARGE:
        raise RegistrationError(_("人培再充電方案僅可免費報考當年度的學科考科，請刪除術科考科。"), code="recharge")
