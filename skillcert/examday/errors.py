from django.core.exceptions import ValidationError


class ExamdayError(ValidationError):
    """An exam-day action refused for a reason staff can read (zh-Hant)."""
