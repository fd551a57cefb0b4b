"""Certificate reads for the doors: a candidate's own certificates, the public verification
answer, and whether the temporary proof is offered."""

import datetime as dt
import hmac
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from skillcert.core import clock

from . import rules
from .models import Certificate, CertificateKind, CertificateStatus, ReissueRequest


def certificates_for_candidate(*, candidate) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(candidate=candidate)
        .select_related("level__brochure__item", "replaces", "print_batch")
        .prefetch_related("renewals", "reissues")
        .order_by("-issued_on", "-id")
    )


def certificate_for_candidate(*, candidate, pk: int) -> Certificate:
    """The candidate's own certificate, or 404 (never tells whether someone else's exists)."""
    certificate = certificates_for_candidate(candidate=candidate).filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def reissue_for_candidate(*, candidate, pk: int) -> ReissueRequest:
    """The candidate's own reissue application, or 404."""
    reissue = ReissueRequest.objects.filter(pk=pk, certificate__candidate=candidate).select_related("certificate")
    found = reissue.first()
    if found is None:
        raise Http404
    return found


def revoked_holder_ids(*, level, candidate_ids) -> set[int]:
    """Candidates among `candidate_ids` whose certificate at `level` was revoked and who hold no
    valid one: they read as not certified wherever a pass is claimed (group pass lists)."""
    held = Certificate.objects.filter(level=level, candidate_id__in=candidate_ids)
    revoked = set(held.filter(status=CertificateStatus.REVOKED).values_list("candidate_id", flat=True))
    valid = set(held.filter(status=CertificateStatus.VALID).values_list("candidate_id", flat=True))
    return revoked - valid


def display_status(certificate: Certificate, today: dt.date | None = None) -> str:
    return rules.display_status(certificate.status, certificate.valid_until, today or clock.today())


def can_download(certificate: Certificate) -> bool:
    return certificate.status == CertificateStatus.VALID


def temporary_proof_available(certificate: Certificate, today: dt.date | None = None) -> bool:
    """授證資格臨時證明: from certification until the certificate has been mailed (SPEC §11)."""
    today = today or clock.today()
    if certificate.kind != CertificateKind.ISSUE or certificate.status != CertificateStatus.VALID:
        return False
    return certificate.proof_until is None or today <= certificate.proof_until


@dataclass(frozen=True)
class Verification:
    """The whole public answer: nothing else about the holder is ever shown."""

    found: bool
    number: str = ""
    status: str = ""
    status_label: str = ""  # translated label
    item: str = ""
    level: str = ""
    holder: str = ""
    issued_on: str = ""
    valid_until: str = ""


STATUS_LABELS = {
    "valid": _("有效 Valid"),
    "expired": _("已逾效期 Expired"),
    "replaced": _("已換發或補發，本證書失效 Replaced"),
    "revoked": _("已撤銷 Revoked"),
}
NOT_FOUND = Verification(found=False)


def _answer(certificate: Certificate, holder: str) -> Verification:
    status = display_status(certificate)
    return Verification(
        found=True,
        number=certificate.number,
        status=status,
        status_label=STATUS_LABELS[status],
        item=certificate.level.brochure.item.name_zh,
        level=certificate.level.get_rank_display(),
        holder=holder,
        issued_on=clock.roc_date(certificate.issued_on, weekday=False),
        valid_until=clock.roc_date(certificate.valid_until, weekday=False)
        if certificate.valid_until
        else str(_("永久有效")),
    )


def _lookup(number: str) -> Certificate | None:
    number = rules.normalise_number(number)
    if not rules.is_well_formed(number):
        return None
    return Certificate.objects.select_related("level__brochure__item").filter(number=number).first()


def certificate_verify(*, number: str, name: str) -> Verification:
    """Number + name → the answer; a wrong name answers exactly like an unknown number."""
    certificate = _lookup(number)
    name = "".join((name or "").split())
    if (
        certificate is None
        or not name
        or not hmac.compare_digest("".join(certificate.holder_name.split()).encode(), name.encode())
    ):
        return NOT_FOUND
    return _answer(certificate, certificate.holder_name)


def certificate_verify_token(*, number: str, token: str) -> Verification:
    """The QR code's link: number + token. The holder's name is shown masked."""
    certificate = _lookup(number)
    if certificate is None or not hmac.compare_digest(certificate.verify_token.encode(), (token or "").encode()):
        return NOT_FOUND
    return _answer(certificate, rules.mask_name(certificate.holder_name))
