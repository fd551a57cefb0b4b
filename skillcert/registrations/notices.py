"""E-mails to the candidate about their registration, queued in the outbox
(`notifications.services.email_after_commit`): the template and the registration's facts."""

from skillcert.core import clock
from skillcert.core.money import format_ntd
from skillcert.notifications.services import email_after_commit

from .models import Registration


def registration_notify(registration: Registration, template: str, **extra) -> None:
    user = registration.candidate.user
    if not user.email:
        return
    context = {
        "name": registration.candidate.name_zh,
        "registration_id": registration.pk,
        "session": str(registration.session),
        "status": registration.get_status_display(),
        "amount": format_ntd(registration.amount),
        "deadline": clock.roc_datetime(registration.payment_deadline),
        **{key: str(value) for key, value in extra.items()},
    }
    email_after_commit(template=template, to=user.email, context=context)
