"""One payment, one invoice (SPEC §6 group; brochure 115 §3.3 單一發票, §6.1-(2)).

Finance records the coordinator's remittance to the fixed account against the group's
registrations: an exact amount pays every unpaid registration together; otherwise nothing is
applied unless finance names the registrations, whose total must then equal the amount."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core.audit import log_action
from skillcert.core.money import format_ntd
from skillcert.payments.invoices import next_invoice_number
from skillcert.registrations.models import RegistrationStatus
from skillcert.registrations.services import registration_mark_paid

from . import rules
from .errors import GroupError
from .models import GroupSitting, Invoice, Remittance
from .selectors import sitting_registrations


class RemittanceGap(GroupError):
    """The amount differs from the total due; carries both so the page can show the gap."""

    def __init__(self, *, amount: int, due: int):
        self.amount, self.due = amount, due
        super().__init__(
            _("匯款金額 %(amount)s 與應繳總額 %(due)s 不符（差額 %(gap)s）；請勾選本筆匯款所繳的報名，或確認金額。")
            % {"amount": format_ntd(amount), "due": format_ntd(due), "gap": format_ntd(abs(amount - due))},
            code="gap",
        )


def remittance_record(
    *,
    sitting: GroupSitting,
    amount: int,
    remitted_on: dt.date,
    bank_reference: str,
    actor,
    registration_ids=None,
) -> Remittance:
    """Record the remittance, mark the covered registrations paid and issue the one invoice."""
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise GroupError(_("請填寫銀行交易序號。"), code="reference")
    if amount <= 0:
        raise GroupError(_("匯款金額須大於 0。"), code="amount")
    if Remittance.objects.filter(bank_reference=bank_reference).exists():
        raise GroupError(_("此銀行交易序號已登錄過，請勿重複入帳。"), code="duplicate")
    with transaction.atomic():
        unpaid = list(
            sitting_registrations(sitting=sitting)
            .select_for_update()
            .filter(status=RegistrationStatus.AWAITING_PAYMENT)
            .order_by("pk")
        )
        if registration_ids is None:
            due = sum(r.amount for r in unpaid)
            if rules.remittance_outcome(amount=amount, due=due) != "exact":
                raise RemittanceGap(amount=amount, due=due)
            covered = unpaid
        else:
            wanted = {int(pk) for pk in registration_ids}
            covered = [r for r in unpaid if r.pk in wanted]
            if not covered or len(covered) != len(wanted):
                raise GroupError(_("所選報名須為本團待繳費的報名。"), code="selection")
            chosen_total = sum(r.amount for r in covered)
            if chosen_total != amount:
                raise RemittanceGap(amount=amount, due=chosen_total)
        remittance = Remittance.objects.create(
            group_sitting=sitting, amount=amount, remitted_on=remitted_on, bank_reference=bank_reference,
            recorded_by=actor,
        )  # fmt: skip
        remittance.registrations.set(covered)
        reason = _("團報匯款 %(reference)s") % {"reference": bank_reference}
        for registration in covered:
            registration_mark_paid(registration=registration, actor=actor, reason=reason)
        org = sitting.organisation
        invoice = Invoice.objects.create(
            remittance=remittance, number=next_invoice_number(model=Invoice, prefix="GR", issued_on=remitted_on), title=org.invoice_title,
            business_number=org.business_number, amount=amount, issued_on=remitted_on,
        )  # fmt: skip
        log_action(
            remittance, "groups.remittance_recorded", actor=actor,
            data={"amount": amount, "registrations": [r.pk for r in covered], "invoice": invoice.number},
        )  # fmt: skip
    return remittance


def unpaid_registrations(*, sitting: GroupSitting):
    return (
        sitting_registrations(sitting=sitting)
        .filter(status=RegistrationStatus.AWAITING_PAYMENT)
        .select_related("candidate")
        .order_by("candidate__national_id")
    )
