"""身心障礙應考服務 asked after registering (brochure 115 §3.4, 附錄一): the way a group
candidate, registered by the coordinator's upload, asks for them with the supporting document.
Staff decide in the same queue as needs asked on the registration form (edits.special_needs_decide)."""

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.selectors import session_registration_open
from skillcert.core.audit import log_action

from .checks import check_special_needs
from .errors import RegistrationError
from .models import CLOSED_STATES, Registration, SpecialNeeds


def special_needs_request(*, registration: Registration, actor, needs: dict) -> SpecialNeeds:
    """One request per registration, within its registration window (the group window for a
    group candidate), never for a closed registration; the document is required."""
    check_special_needs(needs)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
        if registration.status in CLOSED_STATES:
            raise RegistrationError(_("此報名已取消或失效，不能申請應考服務。"), code="state")
        group = registration.group_sitting_id is not None
        if not session_registration_open(session=registration.session, group=group):
            raise RegistrationError(_("報名期間已結束，不能再申請應考服務。"), code="window")
        special_needs = SpecialNeeds.objects.select_for_update().filter(registration=registration).first()
        if special_needs is not None and (special_needs.document or special_needs.decided_at):
            raise RegistrationError(_("此報名已申請過應考服務。"), code="duplicate")
        if special_needs is None:  # else: asked in the coordinator's upload, completed here
            special_needs = SpecialNeeds(registration=registration)
        for key, value in needs.items():
            setattr(special_needs, key, value)
        special_needs.save()
        log_action(special_needs, "special_needs.requested", actor=actor, data={"group": group})
    return special_needs


def special_needs_request_from_group(*, asked: list[tuple[int, dict]], actor) -> None:
    """Needs ticked in the coordinator's upload (registration id, fields): recorded without a
    document; staff see them once the candidate adds it (special_needs_request)."""
    known = set(SpecialNeeds.objects.filter(registration_id__in=[pk for pk, _needs in asked]).values_list(
        "registration_id", flat=True))  # fmt: skip
    with transaction.atomic():
        for registration_id, needs in asked:
            if registration_id not in known:
                made = SpecialNeeds.objects.create(registration_id=registration_id, **needs)
                log_action(made, "special_needs.requested", actor=actor, data={"group": True, "upload": True})
