from django.core.exceptions import ValidationError


class RegistrationError(ValidationError):
    """A registration refused for a reason the candidate can read (zh-Hant)."""
