from django.core.exceptions import ValidationError


class GroupError(ValidationError):
    """A group action refused for a reason the coordinator can read (zh-Hant)."""
