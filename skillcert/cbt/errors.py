from django.core.exceptions import ValidationError


class CbtError(ValidationError):
    """A refusal of an item-bank or test-form service; its message is for the user."""


class BankShort(CbtError):
    """The bank has too few approved items for a blueprint's cells (message names each)."""
