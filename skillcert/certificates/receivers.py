"""Signal receivers: scoring's `candidate_certified` issues the certificate; scoring's
`certification_withdrawn` revokes one issued on an outcome that a correction reversed;
payments' `payment_confirmed` moves a reissue request to review.

Scoring sends after its commit, so a failure here must not break the scoring request: it is
logged, and `manage.py certificates_issue` issues whatever is still owed."""

import logging

from django.utils.translation import gettext as _

from skillcert.payments.signals import payment_confirmed
from skillcert.scoring.signals import candidate_certified, certification_withdrawn

from .models import Certificate, CertificateStatus
from .reissues import PURPOSE, reissue_payment_confirmed
from .services import certificate_issue, certificate_revoke

logger = logging.getLogger(__name__)


def on_candidate_certified(sender, *, candidate, level, outcome=None, **kwargs):
    try:
        certificate_issue(candidate=candidate, level=level, outcome=outcome)
    except Exception:
        logger.exception("certificate issue failed for candidate %s level %s", candidate.pk, level.pk)


def on_certification_withdrawn(sender, *, candidate, level, outcome=None, **kwargs):
    for certificate in Certificate.objects.filter(candidate=candidate, level=level, status=CertificateStatus.VALID):
        try:
            certificate_revoke(certificate=certificate, reason=_("成績更正後未達授證標準，撤銷授證資格。"))
        except Exception:
            logger.exception("certificate revoke failed for %s", certificate.pk)


def on_payment_confirmed(sender, *, virtual_account, **kwargs):
    if getattr(virtual_account, "purpose", "") != PURPOSE:
        return
    reissue_payment_confirmed(reference=virtual_account.reference)


def connect() -> None:
    candidate_certified.connect(on_candidate_certified, dispatch_uid="certificates.issue")
    certification_withdrawn.connect(on_certification_withdrawn, dispatch_uid="certificates.withdrawn")
    payment_confirmed.connect(on_payment_confirmed, dispatch_uid="certificates.reissue_paid")
