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
        if SpecialNeeds.objects.filter(registration=registration).exists():
            raise RegistrationError(_("此報名已申請過應考服務。"), code="duplicate")
        special_needs = SpecialNeeds.objects.create(registration=registration, **needs)
        log_action(special_needs, "special_needs.requested", actor=actor, data={"group": group})
    return special_needs
