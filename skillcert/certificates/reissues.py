"""補發 (brochure 115 §4.3-2): for loss, damage or a data correction, accepted only inside the
year's windows (Brochure.reissue_windows), with the 工本費 (Brochure.reissue_fee, 600) paid
through a virtual account. Payment confirmed → the request waits for a reviewer; approval
issues a new certificate (same validity) and the old one 即行失效 (shows as replaced)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.catalog.models import Brochure, ReissueWindow
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.payments.services import virtual_account_issue_for_fee

from . import rules
from .errors import CertificateError
from .models import Certificate, CertificateKind, CertificateStatus, ReissueReason, ReissueRequest, RequestStatus
from .services import certificate_replace

PURPOSE = "certificate_reissue"
PAYMENT_DAYS = 3


def current_brochure(*, certificate: Certificate, today: dt.date) -> Brochure | None:
    """The item's brochure for the current ROC year (its windows and fee apply)."""
    return Brochure.objects.filter(item_id=certificate.level.brochure.item_id, roc_year=clock.roc_year(today)).first()


def open_window(*, certificate: Certificate, today: dt.date | None = None) -> ReissueWindow | None:
    today = today or clock.today()
    brochure = current_brochure(certificate=certificate, today=today)
    if brochure is None:
        return None
    return next((window for window in brochure.reissue_windows.all() if window.window.contains_day(today)), None)


def next_window(*, certificate: Certificate, today: dt.date | None = None) -> ReissueWindow | None:
    today = today or clock.today()
    return (
        ReissueWindow.objects.filter(brochure__item_id=certificate.level.brochure.item_id, opens_on__gt=today)
        .order_by("opens_on")
        .first()
    )


def reissue_refusal(*, certificate: Certificate, today: dt.date | None = None) -> str:
    """Why a reissue cannot be requested now ('' when it can)."""
    today = today or clock.today()
    if rules.display_status(certificate.status, certificate.valid_until, today) != CertificateStatus.VALID:
        return _("只有有效的證書可以申請補發。")
    if certificate.reissues.filter(status__in=[RequestStatus.AWAITING_PAYMENT, RequestStatus.SUBMITTED]).exists():
        return _("此證書已有處理中的補發申請。")
    if open_window(certificate=certificate, today=today) is None:
        upcoming = next_window(certificate=certificate, today=today)
        if upcoming:
            return _("目前不是證書補發受理期間；下一梯次為 %(opens)s～%(closes)s。") % {
                "opens": clock.roc_date(upcoming.opens_on, weekday=False),
                "closes": clock.roc_date(upcoming.closes_on, weekday=False),
            }
        return _("目前不是證書補發受理期間，請留意網站公告。")
    return ""


def reissue_request(*, certificate: Certificate, reason: str, correction: str = "", actor=None) -> ReissueRequest:
    """Accept a reissue application inside a window and issue its fee's virtual account."""
    if reason not in ReissueReason.values:
        raise CertificateError(_("請選擇補發原因。"))
    correction = correction.strip()
    if reason == ReissueReason.CORRECTION and not correction:
        raise CertificateError(_("資料改註請填寫改註後應為的內容。"))
    today = clock.today()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("level__brochure").get(pk=certificate.pk)
        refusal = reissue_refusal(certificate=certificate, today=today)
        if refusal:
            raise CertificateError(refusal)
        fee = current_brochure(certificate=certificate, today=today).reissue_fee
        request = ReissueRequest.objects.create(certificate=certificate, reason=reason, correction=correction, fee=fee)
        request.payment_reference = f"REISSUE-{request.pk}"
        request.payment_deadline = clock.end_of_day(today + dt.timedelta(days=PAYMENT_DAYS))
        account = virtual_account_issue_for_fee(
            amount=fee,
            purpose=PURPOSE,
            reference=request.payment_reference,
            payer_user=certificate.candidate.user,
            deadline=request.payment_deadline,
        )
        request.virtual_account = account
        request.virtual_account_number = account.number or ""
        request.save(
            update_fields=["payment_reference", "payment_deadline", "virtual_account", "virtual_account_number"]
        )
        log_action(request, "reissuerequest.created", actor=actor, to_state=request.status, data={"fee": fee})
    return request


def reissue_payment_confirmed(*, reference: str, actor=None) -> ReissueRequest | None:
    """The fee arrived (payments' `payment_confirmed`): the request goes to the reviewers.
    Safe to run twice."""
    with transaction.atomic():
        request = ReissueRequest.objects.select_for_update().filter(payment_reference=reference).first()
        if request is None or request.status != RequestStatus.AWAITING_PAYMENT:
            return request
        request.paid_at = clock.now()
        transition(request, RequestStatus.SUBMITTED, actor=actor, reason=_("工本費已入帳"), extra_fields=("paid_at",))
    return request


def reissue_decide(*, request: ReissueRequest, approved: bool, note: str = "", actor=None) -> ReissueRequest:
    """A reviewer approves (new certificate, old replaced) or rejects a paid request."""
    with transaction.atomic():
        request = ReissueRequest.objects.select_for_update().select_related("certificate").get(pk=request.pk)
        if request.status != RequestStatus.SUBMITTED:
            raise CertificateError(_("此申請尚未繳費或已處理。"))
        request.decision_note = note
        if approved:
            old = request.certificate
            request.new_certificate = certificate_replace(
                certificate=old,
                kind=CertificateKind.REISSUE,
                valid_from=old.valid_from,
                valid_until=old.valid_until,
                actor=actor,
                reason=_("補發：%(reason)s") % {"reason": request.get_reason_display()},
            )
            transition(request, RequestStatus.APPROVED, actor=actor, reason=note,
                       extra_fields=("decision_note", "new_certificate"))  # fmt: skip
        else:
            if not note.strip():
                raise CertificateError(_("請填寫不予補發的原因。"))
            transition(request, RequestStatus.REJECTED, actor=actor, reason=note, extra_fields=("decision_note",))
    return request
