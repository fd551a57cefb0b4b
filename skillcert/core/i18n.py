"""The language of what is being written now, for the few places that write English differently
from zh-Hant beyond translating strings (ROC weekdays, bilingual labels)."""

from django.utils import translation


def is_english() -> bool:
    """True while an English page (or message) is being produced."""
    return (translation.get_language() or "").startswith("en")
