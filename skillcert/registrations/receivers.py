"""What registrations does when another domain tells it something (signals, connected in
`apps.ready`). Payments tells it that money arrived; it answers in the same transaction."""

from skillcert.payments.signals import registration_payments_received

from .models import Registration
from .services import registration_mark_paid, registrations_mark_paid_bulk


def on_registration_payments_received(sender, *, payments, actor=None, bulk=False, **kwargs) -> None:
    if bulk:
        registrations_mark_paid_bulk(payments=payments, actor=actor)
        return
    for payment in payments:
        registration_mark_paid(
            registration=Registration(pk=payment.registration_id), actor=actor, reason=payment.reason
        )


def connect_signals() -> None:
    registration_payments_received.connect(on_registration_payments_received, dispatch_uid="registrations.paid")
