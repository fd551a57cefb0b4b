from django.core.exceptions import ValidationError


class RegistrationError(ValidationError):
    """A registration refused for a reason the candidate can read (zh-Hant)."""


class SittingFull(RegistrationError):
    """No seat left in the sitting (SPEC §2 quotas). `next_session` is the next sitting of the
    same level still open with seats, to offer instead (None when there is none)."""

    def __init__(self, message, *, next_session=None):
        super().__init__(message, code="full")
        self.next_session = next_session
