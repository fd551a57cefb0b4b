"""Change requests 異動申請 for group candidates (SPEC §7, brochure 115 §3.2-3): subjects, region
or practical venue change only through the coordinator, before the group registration deadline,
and only once staff approve. Approval applies the change with the registrations' own staff edit
(`registration_staff_update`: paths, place, seats and price), so no rule is repeated here."""

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.selectors import registration_window
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.registrations.checks import check_subjects
from skillcert.registrations.edits import registration_staff_update
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import CLOSED_STATES, Registration

from .errors import GroupError
from .models import GroupChangeRequest, GroupSitting, RequestStatus
from .services import request_decide


def _check_open(sitting: GroupSitting) -> None:
    closes = sitting.session.group_registration_closes
    if registration_window(sitting.session, group=True).has_closed(clock.now()):
        raise GroupError(
            _("團體報名已於 %(at)s 截止，考科、考區及術科考場不能再申請異動。") % {"at": clock.roc_datetime(closes)},
            code="deadline",
        )


def _check_subjects(registration: Registration, subjects) -> list:
    """The level's certification paths, checked now with the registrations' own rule so the
    coordinator hears at once; the staff edit checks again when it applies the change."""
    try:
        return check_subjects(
            candidate=registration.candidate, session=registration.session, subjects=subjects, now=clock.now()
        )
    except RegistrationError as error:
        raise GroupError(error.messages[0], code="subjects") from error


def group_change_request_create(
    *, sitting: GroupSitting, registration, reason: str, actor, subjects=(), region=None, practical_venue=None
) -> GroupChangeRequest:
    """The coordinator asks for a change of one of the group's candidates."""
    _check_open(sitting)
    if registration.group_sitting_id != sitting.pk or registration.status in CLOSED_STATES:
        raise GroupError(_("請選擇本團報名中的考生。"), code="registration")
    subjects = list(subjects)
    if region is not None and region.pk == registration.region_id:
        region = None
    if practical_venue is not None and practical_venue.pk == registration.practical_venue_id:
        practical_venue = None
    if subjects:
        rows = _check_subjects(registration, subjects)
        current = set(registration.subjects.filter(dropped=False).values_list("subject_id", flat=True))
        subjects = [] if {s.pk for s in rows} == current else rows
    if not (subjects or region or practical_venue):
        raise GroupError(_("請選擇要異動的考科、考區或術科考場（與目前不同）。"), code="nothing")
    if not reason.strip():
        raise GroupError(_("請說明申請原因。"), code="reason")
    pending = GroupChangeRequest.objects.filter(registration=registration, status=RequestStatus.SUBMITTED)
    if pending.exists():
        raise GroupError(_("此考生已有審核中的異動申請，請待審核結果後再申請。"), code="pending")
    with transaction.atomic():
        change = GroupChangeRequest.objects.create(
            group_sitting=sitting,
            registration=registration,
            region=region,
            practical_venue=practical_venue,
            reason=reason.strip(),
        )
        change.subjects.set(subjects)
        log_action(change, "groups.change_requested", actor=actor, to_state=change.status, data=_summary(change))
    return change


def _summary(change: GroupChangeRequest) -> dict:
    return {
        "registration": change.registration_id,
        "subjects": sorted(s.code for s in change.subjects.all()),
        "region": str(change.region or ""),
        "practical_venue": str(change.practical_venue or ""),
    }


def group_change_decide(*, change: GroupChangeRequest, approved: bool, note: str, actor) -> GroupChangeRequest:
    """Staff decide (a refusal needs a note); approval applies the change in the same transaction,
    so a change the staff edit refuses (paths, seats full, price above what was paid, deadline)
    leaves the request undecided and shows why."""
    with transaction.atomic():
        change = (
            GroupChangeRequest.objects.select_for_update()
            .select_related("group_sitting__organisation")
            .get(pk=change.pk)
        )
        request_decide(change, approved=approved, note=note, actor=actor, template="group_change_decided")
        if approved:
            _apply(change, actor=actor, update=registration_staff_update)
    return change


def _apply(change: GroupChangeRequest, *, actor, update) -> None:
    registration = Registration.objects.select_for_update().get(pk=change.registration_id)
    subjects = list(change.subjects.all())
    if change.region_id:
        # The staff edit checks the place against the registration's region: move the region
        # first (same transaction) and hand it the subjects so that it checks the new place.
        registration.region = change.region
        registration.save(update_fields=["region", "updated_at"])
        subjects = subjects or [
            line.subject for line in registration.subjects.filter(dropped=False).select_related("subject")
        ]
    reason = _("團報窗口申請異動（申請 #%(pk)s）：%(reason)s") % {"pk": change.pk, "reason": change.reason}
    try:
        update(
            registration=registration,
            actor=actor,
            subjects=subjects or None,
            practical_venue=change.practical_venue,
            reason=reason,
        )
    except RegistrationError as error:
        raise GroupError(error.messages[0], code=error.code or "apply") from error
    log_action(change, "groups.change_applied", actor=actor, data=_summary(change))
