"""What payments tells other domains (they listen; payments imports none of their services).

payment_confirmed(sender=VirtualAccount, virtual_account=…): sent after commit whenever a
virtual account is paid (bank file match or finance's confirmation). The certificates
engineer listens for purpose='certificate_reissue'.

registration_payments_received(sender=VirtualAccount, payments=[RegistrationPayment …],
actor=…, bulk=…): sent inside the payment's transaction when money for registrations has
arrived; registrations' receiver marks them paid in the same transaction (so a refusal rolls
the payment back too) and queues the 繳費成功 e-mails in the outbox. `bulk`: the bank-file
import, whose registrations are locked and awaiting payment (one UPDATE for the chunk)."""

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal

payment_confirmed = Signal()
registration_payments_received = Signal()


@dataclass(frozen=True)
class RegistrationPayment:
    registration_id: int
    reason: str
    # The bank's credit, when there is one (the bank-file import): what the e-mail quotes.
    amount: int | None = None
    account_number: str = ""
    paid_at: dt.datetime | None = None
    bank_txn_id: str = ""
