"""Who may do what to a registration, in which state (pretix's `Order.cancel_allowed()`).

Each rule is a public predicate the door uses to show or hide a button, and the service checks
again inside its transaction, refusing with `RegistrationError` (the door only translates it).
`by` names who asks: the candidate in the portal, or staff (the back office, a coordinator's
request once staff approve it, a sitting cancelled)."""

from django.utils.translation import gettext as _

from .models import CLOSED_STATES, Registration, RegistrationStatus

BY_CANDIDATE = "candidate"
BY_STAFF = "staff"

# A candidate cancels online only before paying (SPEC §7): a paid registration is cancelled
# through a refund application, a group registration through its coordinator.
SELF_CANCELLABLE = (RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.AWAITING_REVIEW)


def is_closed(status: str) -> bool:
    """A closed registration holds no seat and does not block a new one (`CLOSED_STATES`)."""
    return status in CLOSED_STATES


def cancel_refusal(registration: Registration, *, by: str) -> str | None:
    """Why `by` may not cancel `registration` now, or None when it may."""
    if is_closed(registration.status):
        return _("此報名已結束，不能取消。")
    if by == BY_STAFF:
        return None
    if by != BY_CANDIDATE:
        raise ValueError(f"unknown canceller {by!r}")
    if registration.group_sitting_id is not None:
        return _("團體報名考生請透過團報窗口辦理。")
    if registration.status not in SELF_CANCELLABLE:
        return _("已繳費的報名請改以「取消報名及退費申請」辦理。")
    return None


def registration_cancel_allowed(registration: Registration, *, by: str) -> bool:
    return cancel_refusal(registration, by=by) is None
