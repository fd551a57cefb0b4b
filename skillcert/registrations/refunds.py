"""Cancellation and refunds 取消報名及退費 (SPEC §7; brochure 115 §3.3-5 and 附錄二)."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.core.uploads import validate_document

from . import rules
from .errors import RegistrationError
from .models import (
    RefundAttachment,
    RefundKind,
    RefundLine,
    RefundRequest,
    RefundStatus,
    Registration,
    RegistrationStatus,
)
from .notices import registration_notify
from .seats import registration_release_seats

OPEN_REFUND_STATES = (RefundStatus.SUBMITTED, RefundStatus.APPROVED)


def awaiting_account(registration: Registration) -> RefundRequest | None:
    """The refund a cancelled sitting owes this registration while it waits for the bank account."""
    return registration.refund_requests.filter(status=RefundStatus.AWAITING_ACCOUNT).first()


def refund_kinds_for(*, registration: Registration) -> list[str]:
    """What this registration may apply for today (the window rules live in rules.py); a
    registration its sitting's cancellation owes a refund may only give the account for it (a
    group's goes to the organisation's account: nothing for the candidate to do)."""
    if awaiting_account(registration) is not None:
        return [] if registration.group_sitting_id else [str(RefundKind.FULL_CANCELLED)]
    session = registration.session
    return rules.refund_kinds_offered(
        now=clock.now(),
        today=clock.today(),
        paid=registration.status == RegistrationStatus.PAID,
        group=registration.group_sitting_id is not None,
        registration_closes=session.registration_closes,
        exam_date=session.exam_date,
        postponements=list(session.postponements.values_list("announced_on", flat=True)),
    )


def _check_bank(bank_code: str, branch_code: str, account_number: str) -> None:
    if not re.fullmatch(r"\d{3}", bank_code or ""):
        raise RegistrationError(_("銀行代碼為 3 位數字。"), code="bank")
    if not re.fullmatch(r"\d{4}", branch_code or ""):
        raise RegistrationError(_("分行代碼為 4 位數字。"), code="bank")
    if not re.fullmatch(r"\d{6,16}", account_number or ""):
        raise RegistrationError(_("帳號為 6 到 16 位數字。"), code="bank")


def refund_request_create(
    *,
    registration,
    actor,
    kind: str,
    reason: str = "",
    subject_ids=(),
    bank_code: str,
    branch_code: str,
    account_number: str,
    account_holder: str,
    attachments=(),
) -> RefundRequest:
    """The candidate applies online. Full kinds ask back every subject's fee; partial and other
    kinds ask back the fees of the chosen subjects (the subjects dropped)."""
    registration = Registration.objects.select_related("session").get(pk=registration.pk)
    if registration.group_sitting_id is not None:
        raise RegistrationError(_("團體報名考生請透過團報窗口申請取消報名及退費。"), code="group")
    offered = refund_kinds_for(registration=registration)
    if kind not in offered:
        raise RegistrationError(_("目前不符合此退費事由的申請期限或條件。"), code="window")
    if kind == RefundKind.FULL_CANCELLED:
        payee = {"bank_code": bank_code, "branch_code": branch_code, "account_number": account_number,
                 "account_holder": account_holder}  # fmt: skip
        return refund_account_give(refund=awaiting_account(registration), actor=actor, payee=payee)
    if kind in (RefundKind.PARTIAL, RefundKind.OTHER) and not reason.strip():
        raise RegistrationError(_("請說明申請原因。"), code="reason")
    _check_bank(bank_code, branch_code, account_number)
    if not account_holder.strip():
        raise RegistrationError(_("請填寫戶名。"), code="bank")
    checked = [(f, validate_document(f)) for f in attachments]
    lines = list(registration.subjects.filter(dropped=False).select_related("subject"))
    if not rules.is_full_refund(kind):
        wanted = {int(i) for i in subject_ids}
        lines = [line for line in lines if line.subject_id in wanted]
        if not lines:
            raise RegistrationError(_("請選擇要退考的考科。"), code="subjects")
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.refund_requests.filter(status__in=OPEN_REFUND_STATES).exists():
            raise RegistrationError(_("您已有一筆退費申請審核中。"), code="duplicate")
        refund = RefundRequest.objects.create(
            registration=locked,
            kind=kind,
            reason=reason.strip(),
            requested_amount=sum(line.fee for line in lines),
            bank_code=bank_code,
            branch_code=branch_code,
            account_number=account_number,
            account_holder=account_holder.strip(),
        )
        RefundLine.objects.bulk_create(
            RefundLine(refund=refund, registration_subject=line, paid=line.fee, amount=line.fee) for line in lines
        )
        for upload, mime in checked:
            RefundAttachment.objects.create(refund=refund, file=upload, content_type=mime)
        log_action(
            refund,
            "refundrequest.created",
            actor=actor,
            to_state=refund.status,
            data={"kind": kind, "amount": refund.requested_amount},
        )
    return refund


def refund_decide(*, refund, actor, approved: bool, amount: int | None = None, note: str = "") -> RefundRequest:
    """Staff check the documents and decide. Approval cancels the registration (full) or drops
    the subjects (partial) and returns their seats to the quota at once."""
    with transaction.atomic():
        refund = RefundRequest.objects.select_for_update().select_related("registration__session").get(pk=refund.pk)
        registration = Registration.objects.select_for_update().get(pk=refund.registration_id)
        if refund.status != RefundStatus.SUBMITTED:
            raise RegistrationError(_("此退費申請已審核，不能再次決定。"), code="state")
        if not approved and not note.strip():
            raise RegistrationError(_("請填寫不符合退費規定的原因。"), code="reason")
        amount = refund.requested_amount if amount is None else int(amount)
        if approved and not 0 < amount <= refund.requested_amount:
            raise RegistrationError(_("可退費金額須大於 0 且不超過申請金額。"), code="amount")
        refund.approved_amount = amount if approved else None
        refund.decision_note = note[:300]
        transition(
            refund,
            RefundStatus.APPROVED if approved else RefundStatus.REFUSED,
            actor=actor,
            reason=note,
            extra_fields=("approved_amount", "decision_note"),
        )
        if approved:
            lines = [line.registration_subject for line in refund.lines.select_related("registration_subject__subject")]
            still_sat = registration.subjects.filter(dropped=False).exclude(pk__in=[line.pk for line in lines])
            if rules.is_full_refund(refund.kind) or not still_sat.exists():
                transition(registration, RegistrationStatus.CANCELLED, actor=actor, reason=_("退費申請核准"))
                registration_release_seats(registration=registration)
            else:
                kinds_left = {line.subject.kind for line in still_sat.select_related("subject")}
                freed = [line for line in lines if line.subject.kind not in kinds_left]
                for line in lines:
                    line.dropped = True
                    line.save(update_fields=["dropped"])
                registration_release_seats(registration=registration, subjects=freed)
                log_action(
                    registration,
                    "registration.subjects_dropped",
                    actor=actor,
                    data={"subjects": [line.subject.code for line in lines]},
                )
        registration_notify(
            registration, "registration_refund_decided", decision=RefundStatus(refund.status).label, note=note
        )
    return refund


def refund_record_paid(*, refund, actor, amount: int, paid_on=None) -> RefundRequest:
    """Finance records the money sent back; a cancelled registration becomes 已退費."""
    with transaction.atomic():
        refund = RefundRequest.objects.select_for_update().get(pk=refund.pk)
        if refund.status == RefundStatus.PAID:
            return refund
        if refund.status != RefundStatus.APPROVED:
            raise RegistrationError(_("退費申請尚未核准，不能登錄退款。"), code="state")
        if not 0 < int(amount) <= (refund.approved_amount or 0):
            raise RegistrationError(_("退款金額須大於 0 且不超過核准金額。"), code="amount")
        refund.refunded_amount = int(amount)
        refund.refunded_on = paid_on or clock.today()
        transition(refund, RefundStatus.PAID, actor=actor, extra_fields=("refunded_amount", "refunded_on"))
        registration = Registration.objects.select_for_update().get(pk=refund.registration_id)
        if registration.status == RegistrationStatus.CANCELLED:
            transition(registration, RegistrationStatus.REFUNDED, actor=actor, reason=_("退費完成"))
    return refund


def refund_kinds_for_coordinator(*, registration: Registration) -> list[str]:
    """附錄二 註2: a group candidate's refund goes through the coordinator, with the same kinds
    and windows as an individual's (the window rules live in rules.py)."""
    session = registration.session
    return rules.refund_kinds_offered(
        now=clock.now(),
        today=clock.today(),
        paid=registration.status == RegistrationStatus.PAID,
        group=False,
        registration_closes=session.registration_closes,
        exam_date=session.exam_date,
        postponements=list(session.postponements.values_list("announced_on", flat=True)),
    )


def group_refund_line_up(*, registration, kind: str, reason: str, subject_ids, payee: dict, attachments, actor):
    """One group candidate's application inside the coordinator's request (the caller's
    transaction): paid only, the kind within its window, per-subject amounts, the organisation
    as payee (附錄二 註1). `attachments` are (file, mime) pairs already checked."""
    registration = (
        Registration.objects.select_for_update().select_related("session", "candidate").get(pk=registration.pk)
    )
    if registration.status != RegistrationStatus.PAID:
        raise RegistrationError(
            _("%(name)s 的報名尚未繳費（%(status)s），只有已繳費的報名可以申請退費。")
            % {"name": registration.candidate.name_zh, "status": registration.get_status_display()},
            code="unpaid",
        )
    if kind not in refund_kinds_for_coordinator(registration=registration):
        raise RegistrationError(_("目前不符合此退費事由的申請期限或條件；缺考不予退費。"), code="window")
    if registration.refund_requests.filter(status__in=OPEN_REFUND_STATES).exists():
        raise RegistrationError(
            _("%(name)s 已有一筆退費申請審核中。") % {"name": registration.candidate.name_zh}, code="duplicate"
        )
    lines = list(registration.subjects.filter(dropped=False).select_related("subject"))
    if not rules.is_full_refund(kind):
        lines = [line for line in lines if line.subject_id in {int(i) for i in subject_ids}]
        if not lines:
            raise RegistrationError(
                _("%(name)s 未報考所選的考科。") % {"name": registration.candidate.name_zh}, code="subjects"
            )
    refund = RefundRequest.objects.create(
        registration=registration, kind=kind, reason=reason.strip(),
        requested_amount=sum(line.fee for line in lines), **payee,
    )  # fmt: skip
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, registration_subject=line, paid=line.fee, amount=line.fee) for line in lines
    )
    for upload, mime in attachments:
        RefundAttachment.objects.create(refund=refund, file=upload, content_type=mime)
    log_action(refund, "refundrequest.created", actor=actor, to_state=refund.status,
               data={"kind": kind, "amount": refund.requested_amount, "group": True})  # fmt: skip
    return refund


def refund_owed_for_cancellation(*, registration, actor, reason: str, payee: dict | None = None) -> RefundRequest:
    """梯次停辦 (brochure 113 §2.3 備註2, SPEC §7): a cancelled sitting owes each paid registration
    every subject's fee back, as a refund application of the kind 梯次停辦. Called inside the
    cancellation's transaction. Without `payee` (an individual) it waits for the candidate's
    bank account (the refund form); with one (a group's organisation, 附錄二 註1) it is approved
    at once and goes to finance's payout export. Idempotent: a registration already owed one
    keeps it."""
    existing = registration.refund_requests.filter(kind=RefundKind.FULL_CANCELLED).first()
    if existing is not None:
        return existing
    lines = list(registration.subjects.filter(dropped=False))
    refund = RefundRequest.objects.create(
        registration=registration, kind=RefundKind.FULL_CANCELLED, reason=reason.strip(),
        requested_amount=sum(line.fee for line in lines), status=RefundStatus.AWAITING_ACCOUNT,
        bank_code="", branch_code="", account_number="", account_holder="",
    )  # fmt: skip
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, registration_subject=line, paid=line.fee, amount=line.fee) for line in lines
    )
    log_action(refund, "refundrequest.created", actor=actor, to_state=refund.status,
               data={"kind": refund.kind, "amount": refund.requested_amount, "session_cancelled": True})  # fmt: skip
    if payee is not None:
        refund = refund_account_give(refund=refund, actor=actor, payee=payee)
    return refund


def refund_account_give(*, refund, actor, payee: dict) -> RefundRequest:
    """The bank account for a refund a cancelled sitting owes (`payee`: bank_code, branch_code,
    account_number, account_holder): checked as any application's, then the refund is approved
    for its full amount (nothing to decide: the sitting was not held)."""
    _check_bank(payee["bank_code"], payee["branch_code"], payee["account_number"])
    if not payee["account_holder"].strip():
        raise RegistrationError(_("請填寫戶名。"), code="bank")
    with transaction.atomic():
        refund = RefundRequest.objects.select_for_update().get(pk=refund.pk)
        if refund.status != RefundStatus.AWAITING_ACCOUNT:
            raise RegistrationError(_("此退費已填寫退費帳戶。"), code="state")
        refund.bank_code, refund.branch_code = payee["bank_code"], payee["branch_code"]
        refund.account_number, refund.account_holder = payee["account_number"], payee["account_holder"].strip()
        refund.approved_amount = refund.requested_amount
        transition(
            refund, RefundStatus.APPROVED, actor=actor, reason=_("梯次停辦，全額退費"),
            extra_fields=("bank_code", "branch_code", "account_number", "account_holder", "approved_amount"),
        )  # fmt: skip
    return refund
