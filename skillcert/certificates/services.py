"""Certificate writes: issue (automatic, idempotent), replace (renewal/reissue), revoke.

Each service is one transaction; numbers come from `numbering` in the same transaction;
status changes go through `core.states.transition`; e-mails are queued after commit."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.notifications.services import email_after_commit
from skillcert.scoring.models import Outcome

from . import numbering, rules
from .errors import CertificateError
from .models import Certificate, CertificateKind, CertificateStatus


def verify_url(certificate: Certificate) -> str:
    """The public verification address printed as the certificate's QR code."""
    path = reverse("certificates:verify_token", args=[certificate.number, certificate.verify_token])
    return settings.SITE_URL.rstrip("/") + path


def _mailed_from(*, candidate, level, outcome) -> dt.date | None:
    sitting = getattr(outcome, "sitting", None)
    if sitting is None:
        sitting = ExamSession.objects.filter(level=level, scores__candidate=candidate).order_by("-exam_date").first()
    return sitting.certificates_mailed_from if sitting else None


def _new_certificate(*, candidate, level, kind, valid_from, valid_until, proof_until=None, outcome=None, replaces=None):
    today = clock.today()
    [number] = numbering.numbers_take(
        item_code=level.brochure.item.code, roc_year=clock.roc_year(today), rank=level.rank
    )
    certificate = Certificate(
        number=number,
        candidate=candidate,
        level=level,
        outcome=outcome,
        kind=kind,
        holder_name=candidate.name_zh,
        holder_name_en=candidate.name_en,
        issued_on=today,
        valid_from=valid_from,
        valid_until=valid_until,
        proof_until=proof_until,
        replaces=replaces,
    )
    certificate.full_clean(exclude=["candidate", "level", "outcome", "replaces"])
    certificate.save()
    return certificate


def _notify(certificate: Certificate, template: str, **extra) -> None:
    email = certificate.candidate.user.email
    if not email:
        return
    context = {
        "name": certificate.holder_name,
        "number": certificate.number,
        "level": str(certificate.level),
        "valid_until": clock.roc_date(certificate.valid_until, weekday=False) if certificate.valid_until else "",
        "url": settings.SITE_URL.rstrip("/") + reverse("portal:certificate_list"),
        **extra,
    }
    email_after_commit(template=template, to=email, context=context)


def certificate_issue(*, candidate, level, outcome=None, actor=None) -> Certificate:
    """Issue the certificate of a newly certified candidate (brochure §4.2 核發制, no application).

    Idempotent: a candidate holds at most one valid certificate per level; a second call returns
    it, and the partial unique constraint stops two concurrent calls from both issuing."""
    existing = Certificate.objects.filter(candidate=candidate, level=level, status=CertificateStatus.VALID).first()
    if existing:
        return existing
    today = clock.today()
    try:
        with transaction.atomic():
            certificate = _new_certificate(
                candidate=candidate,
                level=level,
                kind=CertificateKind.ISSUE,
                valid_from=today,
                valid_until=rules.valid_until(today, level.certificate_valid_years),
                proof_until=rules.proof_until(_mailed_from(candidate=candidate, level=level, outcome=outcome)),
                outcome=outcome,
            )
            log_action(certificate, "certificate.issued", actor=actor, to_state=certificate.status)
            _notify(certificate, "certificate_issued")
    except IntegrityError:
        return Certificate.objects.get(candidate=candidate, level=level, status=CertificateStatus.VALID)
    return certificate


def certificate_replace(*, certificate: Certificate, kind: str, valid_from, valid_until, actor=None, reason=""):
    """The old certificate becomes replaced and a new one (new number) takes its place.
    Call inside the caller's transaction (renewal or reissue approval)."""
    old = (
        Certificate.objects.select_for_update()
        .select_related("candidate", "level__brochure__item")
        .get(pk=certificate.pk)
    )
    if old.status != CertificateStatus.VALID:
        raise CertificateError(_("此證書已非有效狀態，無法換發或補發。"))
    transition(old, CertificateStatus.REPLACED, actor=actor, reason=reason)
    new = _new_certificate(
        candidate=old.candidate,
        level=old.level,
        kind=kind,
        valid_from=valid_from,
        valid_until=valid_until,
        outcome=old.outcome,
        replaces=old,
    )
    log_action(new, f"certificate.{kind}", actor=actor, to_state=new.status, data={"replaces": old.number})
    _notify(new, "certificate_replaced", old_number=old.number, kind=new.get_kind_display())
    return new


def certificate_revoke(*, certificate: Certificate, reason: str, actor=None) -> Certificate:
    """撤銷授證資格並吊銷證書 (brochure §3 違規處理: fraud found after issue). A reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("請填寫撤銷原因。"))
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update().select_related("candidate__user", "level").get(pk=certificate.pk)
        )
        if certificate.status != CertificateStatus.VALID:
            raise CertificateError(_("只有有效的證書可以撤銷。"))
        certificate.revoked_reason = reason
        transition(certificate, CertificateStatus.REVOKED, actor=actor, reason=reason, extra_fields=("revoked_reason",))
        _notify(certificate, "certificate_revoked", reason=reason)
    return certificate


def certificates_issue_missing(*, level, actor=None) -> int:
    """Backfill: issue, in one transaction with one counter update, every certificate owed at
    `level` (certified outcomes whose candidate never held a certificate at this level). Used by the management command
    and the benchmark; the per-candidate signal path does the same one at a time."""
    with transaction.atomic():
        owed = list(
            Outcome.objects.filter(level=level, certified=True, already_certified=False)
            .exclude(
                # anyone who ever held one here: a revoked certificate is not silently re-issued
                candidate_id__in=Certificate.objects.filter(level=level).values("candidate_id")
            )
            .select_related("candidate", "sitting")
            .order_by("candidate_id")
        )
        if not owed:
            return 0
        today = clock.today()
        numbers = numbering.numbers_take(
            item_code=level.brochure.item.code, roc_year=clock.roc_year(today), rank=level.rank, count=len(owed)
        )
        until = rules.valid_until(today, level.certificate_valid_years)
        certificates = [
            Certificate(
                number=number,
                candidate=outcome.candidate,
                level=level,
                outcome=outcome,
                holder_name=outcome.candidate.name_zh,
                holder_name_en=outcome.candidate.name_en,
                issued_on=today,
                valid_from=today,
                valid_until=until,
                proof_until=rules.proof_until(outcome.sitting.certificates_mailed_from if outcome.sitting else None),
            )
            for number, outcome in zip(numbers, owed, strict=True)
        ]
        Certificate.objects.bulk_create(certificates, batch_size=1000)
        log_action(level, "certificate.issued_batch", actor=actor, data={"count": len(certificates)})
    return len(certificates)
