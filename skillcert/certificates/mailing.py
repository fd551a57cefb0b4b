"""證書寄發 (brochure 115 日程表 '證書寄發 07/31 起陸續寄出'): staff gather a sitting's issued
certificates into a print batch, download its registered-post address list and its certificates
as one PDF, and mark it mailed. From then the holder sees the mailing date, and the temporary
proof 授證資格臨時證明 ends after the usual grace (certificates.rules.proof_until)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.core.audit import log_action

from . import rules
from .errors import CertificateError
from .models import Certificate, CertificateKind, CertificateStatus, PrintBatch


def certificates_to_print(*, session: ExamSession):
    """Valid certificates issued on this sitting's results and not yet in a batch."""
    return Certificate.objects.filter(
        outcome__sitting=session,
        kind=CertificateKind.ISSUE,
        status=CertificateStatus.VALID,
        print_batch__isnull=True,
    )


def print_batch_create(*, session: ExamSession, actor) -> PrintBatch:
    with transaction.atomic():
        pks = list(certificates_to_print(session=session).select_for_update().values_list("pk", flat=True))
        if not pks:
            raise CertificateError(_("本梯次沒有待印製的證書。"))
        batch = PrintBatch.objects.create(session=session, created_by=actor)
        Certificate.objects.filter(pk__in=pks).update(print_batch=batch)
        log_action(batch, "certificates.print_batch_created", actor=actor, data={"certificates": len(pks)})
    return batch


def print_batch_mark_mailed(*, batch: PrintBatch, mailed_on: dt.date, actor) -> PrintBatch:
    """Mailed by registered post on `mailed_on` (not in the future); the temporary proof of each
    certificate ends `TEMPORARY_PROOF_GRACE_DAYS` later, or earlier if it already did."""
    if mailed_on > clock.today():
        raise CertificateError(_("寄出日期不可晚於今天。"))
    with transaction.atomic():
        batch = PrintBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.mailed_on is not None:
            raise CertificateError(_("此批次已於 %(date)s 標記寄出。") % {"date": clock.roc_date(batch.mailed_on)})
        batch.mailed_on, batch.mailed_by = mailed_on, actor
        batch.save(update_fields=["mailed_on", "mailed_by"])
        ends = rules.proof_until(mailed_on)
        certificates = batch.certificates.all()
        certificates.filter(proof_until__isnull=True).update(proof_until=ends)
        certificates.filter(proof_until__gt=ends).update(proof_until=ends)
        log_action(batch, "certificates.print_batch_mailed", actor=actor, data={"mailed_on": mailed_on.isoformat()})
    return batch


def batch_certificates(*, batch: PrintBatch):
    return batch.certificates.select_related("candidate", "level__brochure__item").order_by("number")


def address_list(*, batch: PrintBatch) -> tuple[list[str], list[list[str]]]:
    """掛號郵寄名單 (header, rows): one line per certificate, the address as the candidate keeps it."""
    header = [_("證書字號"), _("姓名"), _("通訊地址"), _("手機"), _("鑑定項目/級等")]
    rows = [
        [c.number, c.holder_name, c.candidate.postal_address, c.candidate.mobile, str(c.level)]
        for c in batch_certificates(batch=batch)
    ]
    return header, rows
