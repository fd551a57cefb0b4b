"""Edits before the registration deadline (SPEC §4): personal data by the candidate; subjects,
practical venue and national ID by staff; special-needs decisions by staff. After the
deadline everything is read-only for the candidate."""

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import SubjectKind
from skillcert.catalog.selectors import registration_window
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.identifiers import is_personal_id, normalise
from skillcert.payments.services import virtual_account_issue

from .checks import check_place, check_subjects
from .errors import RegistrationError
from .models import CLOSED_STATES, Registration, RegistrationStatus, RegistrationSubject, SeatChoice, SpecialNeeds
from .notices import registration_notify
from .quotes import registration_reprice
from .seats import SeatsFull, registration_release_seats, seats_claim


def personal_data_locked_by(*, candidate, now=None) -> Registration | None:
    """SPEC §4: personal data is editable by the candidate until the registration deadline.
    Returns the open registration whose deadline has passed and whose exam is still to come
    (the candidate's data is then what that exam uses and is read-only), or None."""
    now = now or clock.now()
    return (
        Registration.objects.filter(
            candidate=candidate, session__registration_closes__lte=now, session__exam_date__gte=clock.local(now).date()
        )
        .exclude(status__in=CLOSED_STATES)
        .select_related("session")
        .first()
    )


def _before_deadline(registration: Registration) -> None:
    if registration_window(registration.session).has_closed(clock.now()):
        raise RegistrationError(
            _("報名已於 %(at)s 截止，考科、考場及身分證字號不能再修改。")
            % {"at": clock.roc_datetime(registration.session.registration_closes)},
            code="deadline",
        )


def registration_staff_update(
    *, registration, actor, subjects=None, practical_venue=None, national_id=None, reason=""
) -> Registration:
    """Staff change subjects, practical venue or the candidate's national ID before the deadline.
    A change of price re-prices the registration and, if unpaid, issues a new payment account;
    a paid registration keeps its price (a higher price is refused: cancel and register again)."""
    if not reason:
        raise RegistrationError(_("請填寫修改原因。"), code="reason")
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("session", "candidate").get(pk=registration.pk)
        )
        _before_deadline(registration)
        if registration.status in CLOSED_STATES:
            raise RegistrationError(_("此報名已結束，不能修改。"), code="state")
        before = {"subjects": sorted(registration.subjects.values_list("subject__code", flat=True))}
        if national_id is not None:
            _change_national_id(registration.candidate, national_id, actor=actor, reason=reason)
        venue = practical_venue if practical_venue is not None else registration.practical_venue
        if subjects is not None or practical_venue is not None:
            old_amount = registration.amount
            rows = (
                check_subjects(
                    candidate=registration.candidate, session=registration.session, subjects=subjects, now=clock.now()
                )
                if subjects is not None
                else [line.subject for line in registration.subjects.filter(dropped=False).select_related("subject")]
            )
            if practical_venue is None and not any(s.kind == SubjectKind.PRACTICAL for s in rows):
                venue = None  # the practical subject is dropped: its venue seat goes back below
            check_place(session=registration.session, region=registration.region, practical_venue=venue, subjects=rows)
            registration_release_seats(registration=registration)
            registration.subjects.all().delete()
            RegistrationSubject.objects.bulk_create(
                RegistrationSubject(registration=registration, subject=s, fee=0) for s in rows
            )
            registration.practical_venue = venue
            registration_reprice(registration, claimed_plans={registration.plan})
            if registration.status == RegistrationStatus.PAID and registration.amount > old_amount:
                raise RegistrationError(_("修改後費用高於已繳金額，請取消後重新報名。"), code="price")
            try:
                seats_claim(session=registration.session, kinds=[s.kind for s in rows], venue=venue)
            except SeatsFull as error:
                raise RegistrationError(_("所選考科或考場名額已滿。"), code="full") from error
            registration.save(update_fields=["practical_venue", "plan", "plan_reason", "amount", "updated_at"])
            if registration.status == RegistrationStatus.AWAITING_PAYMENT and registration.amount != old_amount:
                if registration.group_sitting_id is None:
                    virtual_account_issue(registration=registration, actor=actor)
        log_action(
            registration,
            "registration.staff_updated",
            actor=actor,
            reason=reason,
            data={
                **before,
                "after": sorted(registration.subjects.values_list("subject__code", flat=True)),
                "venue": str(venue or ""),
                "amount": registration.amount,
            },
        )
    return registration


def _change_national_id(candidate, national_id: str, *, actor, reason: str) -> None:
    value = normalise(national_id)
    if not is_personal_id(value):
        raise RegistrationError(_("身分證字號或居留證號格式不正確。"), code="national_id")
    if type(candidate).objects.filter(national_id=value).exclude(pk=candidate.pk).exists():
        raise RegistrationError(_("此身分證字號已有其他考生使用。"), code="national_id")
    old = candidate.national_id
    candidate.national_id = value
    candidate.save(update_fields=["national_id"])
    log_action(candidate, "candidate.national_id_changed", actor=actor, reason=reason, data={"from": old, "to": value})


def special_needs_decide(
    *,
    special_needs: SpecialNeeds,
    actor,
    approved_minutes: int | None = None,
    enlarged_paper: bool | None = None,
    ground_floor: bool | None = None,
    seat: bool | None = None,
    other: bool | None = None,
    note: str = "",
) -> SpecialNeeds:
    """Staff approve or refuse each requested item and the minutes (brochure 115 附錄一);
    items not requested stay undecided. The decision is shown to the candidate."""
    with transaction.atomic():
        needs = SpecialNeeds.objects.select_for_update().get(pk=special_needs.pk)
        if needs.extra_minutes:
            minutes = int(approved_minutes or 0)
            if not 0 <= minutes <= needs.extra_minutes:
                raise RegistrationError(
                    _("核准分鐘數須介於 0 與申請的 %(n)s 分鐘之間。") % {"n": needs.extra_minutes}, code="minutes"
                )
            needs.approved_minutes = minutes
        for name, value in (
            ("enlarged_paper", enlarged_paper),
            ("ground_floor", ground_floor),
            ("seat", seat),
            ("other", other),
        ):
            requested = getattr(needs, name) not in (False, "", SeatChoice.NONE)
            if requested:
                if value is None:
                    raise RegistrationError(_("請對每一項申請的服務作出同意或不同意的決定。"), code="undecided")
                setattr(needs, f"{name}_approved", bool(value))
        needs.decision_note = note[:300]
        needs.decided_at = clock.now()
        needs.save()
        log_action(
            needs,
            "special_needs.decided",
            actor=actor,
            reason=note,
            data={
                "minutes": needs.approved_minutes,
                "enlarged_paper": needs.enlarged_paper_approved,
                "ground_floor": needs.ground_floor_approved,
                "seat": needs.seat_approved,
                "other": needs.other_approved,
            },
        )
        registration_notify(needs.registration, "registration_special_needs")
    return needs
