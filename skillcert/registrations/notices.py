"""E-mails to the candidate about their registration, queued in the outbox
(`notifications.services.email_after_commit`): the template and the registration's facts."""

from django.conf import settings
from django.utils import translation

from skillcert.core import clock
from skillcert.core.money import format_ntd
from skillcert.notifications.services import email_after_commit

from .models import Registration


def registration_notify(registration: Registration, template: str, **extra) -> None:
    """Queue `template` to the candidate. Its facts are written in the site's language (zh-Hant,
    like the e-mail around them) whatever page set it off: the status word, the weekday of the
    deadline and any lazy `extra` (pass `gettext_lazy` strings or choice labels) are turned into
    text here."""
    user = registration.candidate.user
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(registration, extra)
    email_after_commit(template=template, to=user.email, context=context)


def _context(registration: Registration, extra: dict) -> dict:
    return {
        "name": registration.candidate.name_zh,
        "registration_id": registration.pk,
        "session": str(registration.session),
        "status": registration.get_status_display(),
        "amount": format_ntd(registration.amount),
        "deadline": clock.roc_datetime(registration.payment_deadline),
        **{key: str(value) for key, value in extra.items()},
    }
