"""換發 (brochure 115 §4.3-1, 附錄四/四-1): a 中級 certificate is renewed, free, when applied
for in the last three months of its validity with ≥48 hours of related training evidenced.
The candidate lists work and course records with uploads; a reviewer checks each record;
approval issues a new certificate for a new validity period and the old one shows as replaced."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.core.uploads import validate_document

from . import rules
from .errors import CertificateError
from .models import Certificate, CertificateKind, CertificateStatus, RenewalRequest, RequestStatus, TrainingRecord
from .services import certificate_replace

EDITABLE = (RequestStatus.DRAFT, RequestStatus.RETURNED)


def renewal_refusal(*, certificate: Certificate, today: dt.date | None = None) -> str:
    """Why this certificate cannot be renewed now ('' when it can)."""
    today = today or clock.today()
    if certificate.valid_until is None:
        return _("此證書永久有效，不需換發。")
    if rules.display_status(certificate.status, certificate.valid_until, today) != CertificateStatus.VALID:
        return _("只有有效的證書可以申請換發。")
    opens, closes = rules.renewal_window(certificate.valid_until)
    if not rules.in_renewal_window(certificate.valid_until, today):
        return _("換證期限為證書有效期限屆滿前三個月內（%(opens)s～%(closes)s）。") % {
            "opens": clock.roc_date(opens, weekday=False),
            "closes": clock.roc_date(closes, weekday=False),
        }
    return ""


def renewal_open(*, certificate: Certificate, actor=None) -> RenewalRequest:
    """Start (or continue) the candidate's renewal request for this certificate."""
    refusal = renewal_refusal(certificate=certificate)
    current = certificate.renewals.exclude(status__in=[RequestStatus.REJECTED, RequestStatus.CANCELLED]).first()
    if current:
        return current
    if refusal:
        raise CertificateError(refusal)
    with transaction.atomic():
        request = RenewalRequest.objects.create(certificate=certificate)
        log_action(request, "renewalrequest.opened", actor=actor, to_state=request.status)
    return request


def training_record_add(*, request: RenewalRequest, data: dict, evidence, actor=None) -> TrainingRecord:
    """Add one work or course record with its evidence (PDF/JPEG/PNG by content)."""
    request.refresh_from_db(fields=["status"])
    if request.status not in EDITABLE:
        raise CertificateError(_("申請已送出，無法再修改資料。"))
    validate_document(evidence)
    certificate = request.certificate
    start, end = rules.renewal_record_period(certificate.valid_from, certificate.valid_until)
    if data["ended_on"] < data["started_on"]:
        raise CertificateError(_("迄日不可早於起日。"))
    if data["started_on"] < start or data["ended_on"] > end:
        raise CertificateError(
            _("訓練或工作期間須在證書有效期間內（%(start)s～%(end)s）。")
            % {"start": clock.roc_date(start, weekday=False), "end": clock.roc_date(end, weekday=False)}
        )
    record = TrainingRecord(request=request, evidence=evidence, **data)
    if record.kind == TrainingRecord.Kind.WORK:
        record.hours = 0
    record.full_clean(exclude=["request", "evidence"])
    with transaction.atomic():
        record.save()
        log_action(request, "renewalrequest.record_added", actor=actor, data={"record": record.pk})
    return record


def training_record_remove(*, record: TrainingRecord, actor=None) -> None:
    if record.request.status not in EDITABLE:
        raise CertificateError(_("申請已送出，無法再修改資料。"))
    with transaction.atomic():
        log_action(record.request, "renewalrequest.record_removed", actor=actor, data={"title": record.title})
        record.evidence.delete(save=False)
        record.delete()


def claimed_hours(request: RenewalRequest) -> int:
    return request.records.filter(kind=TrainingRecord.Kind.COURSE).aggregate(h=Sum("hours"))["h"] or 0


def accepted_hours(request: RenewalRequest) -> int:
    return (
        request.records.filter(kind=TrainingRecord.Kind.COURSE, result=TrainingRecord.Result.ACCEPTED).aggregate(
            h=Sum("hours")
        )["h"]
        or 0
    )


def renewal_submit(*, request: RenewalRequest, actor=None) -> RenewalRequest:
    required = request.certificate.level.renewal_training_hours
    with transaction.atomic():
        request = RenewalRequest.objects.select_for_update().select_related("certificate__level").get(pk=request.pk)
        refusal = renewal_refusal(certificate=request.certificate)
        if refusal:
            raise CertificateError(refusal)
        if not rules.renewal_hours_enough(claimed_hours(request), required):
            raise CertificateError(
                _("訓練課程時數合計須達 %(hours)s 小時以上（目前 %(now)s 小時）。")
                % {"hours": required, "now": claimed_hours(request)}
            )
        request.submitted_at = clock.now()
        transition(request, RequestStatus.SUBMITTED, actor=actor, extra_fields=("submitted_at",))
    return request


def training_record_check(*, record: TrainingRecord, accepted: bool, note: str = "", actor=None) -> TrainingRecord:
    """Reviewer's 檢核結果 for one record."""
    with transaction.atomic():
        request = RenewalRequest.objects.select_for_update().get(pk=record.request_id)
        if request.status != RequestStatus.SUBMITTED:
            raise CertificateError(_("只能檢核審查中的申請。"))
        record.result = TrainingRecord.Result.ACCEPTED if accepted else TrainingRecord.Result.REFUSED
        record.result_note = note
        record.checked_by = actor if getattr(actor, "is_authenticated", False) else None
        record.save(update_fields=["result", "result_note", "checked_by"])
        log_action(request, "renewalrequest.record_checked", actor=actor, reason=note,
                   data={"record": record.pk, "result": record.result})  # fmt: skip
    return record


def renewal_decide(*, request: RenewalRequest, decision: str, note: str = "", actor=None) -> RenewalRequest:
    """Approve (issues the renewed certificate), return for more documents, or reject."""
    with transaction.atomic():
        request = RenewalRequest.objects.select_for_update().select_related("certificate__level").get(pk=request.pk)
        if request.status != RequestStatus.SUBMITTED:
            raise CertificateError(_("此申請不在審查中。"))
        request.decision_note = note
        if decision == "approve":
            if request.records.filter(result=TrainingRecord.Result.PENDING).exists():
                raise CertificateError(_("尚有未檢核的資料。"))
            required = request.certificate.level.renewal_training_hours
            if not rules.renewal_hours_enough(accepted_hours(request), required):
                raise CertificateError(
                    _("檢核符合的訓練時數僅 %(now)s 小時，未達 %(hours)s 小時。")
                    % {"now": accepted_hours(request), "hours": required}
                )
            old = request.certificate
            start = old.valid_until + dt.timedelta(days=1)
            request.new_certificate = certificate_replace(
                certificate=old,
                kind=CertificateKind.RENEWAL,
                valid_from=start,
                valid_until=rules.valid_until(start, old.level.certificate_valid_years),
                actor=actor,
                reason=_("換發"),
            )
            transition(request, RequestStatus.APPROVED, actor=actor, reason=note,
                       extra_fields=("decision_note", "new_certificate"))  # fmt: skip
        elif decision == "return":
            if not note.strip():
                raise CertificateError(_("請說明需補件的內容。"))
            transition(request, RequestStatus.RETURNED, actor=actor, reason=note, extra_fields=("decision_note",))
        elif decision == "reject":
            if not note.strip():
                raise CertificateError(_("請填寫不予換發的原因。"))
            transition(request, RequestStatus.REJECTED, actor=actor, reason=note, extra_fields=("decision_note",))
        else:
            raise CertificateError(_("未知的審查結果。"))
    return request
