"""Payment e-mails sent in the background: one task per imported file, safe to run twice
(a credit whose candidate was already told is skipped)."""

from django.utils import timezone, translation
from django_tasks import task

from skillcert.core import clock
from skillcert.core.money import format_ntd
from skillcert.notifications.tasks import send_email


def _context(credit) -> dict:
    registration = credit.registration
    return {
        "name": registration.candidate.name_zh,
        "registration_id": registration.pk,
        "session": str(registration.session),
        "amount": format_ntd(credit.amount),
        "account": credit.account_number,
        "paid_at": clock.roc_datetime(credit.value_at),
        "bank_txn_id": credit.bank_txn_id,
    }


@task()
def payment_confirmations_send(batch_id: int) -> int:
    """E-mail 繳費成功 for the matched credits of one import; returns how many were sent."""
    from .models import BankCredit, CreditStatus

    credits = (
        BankCredit.objects.filter(
            batch_id=batch_id, status=CreditStatus.MATCHED, notified_at__isnull=True, registration__isnull=False
        )
        .select_related("registration__candidate__user", "registration__session__level__brochure__item")
        .order_by("pk")
    )
    done, sent = [], 0
    language = translation.get_language() or "zh-hant"
    for credit in credits:
        email = credit.registration.candidate.user.email
        if email:
            send_email.call("payment_confirmed", [email], _context(credit), language)
            sent += 1
        done.append(credit.pk)
    BankCredit.objects.filter(pk__in=done).update(notified_at=timezone.now())
    return sent
