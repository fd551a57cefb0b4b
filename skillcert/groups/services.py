"""Group registration services (SPEC §8): coordinator sign-up and verification, group sittings
and their discount codes, venue and refund requests. Remittances live in `remittances.py`,
the bulk upload in `upload.py`.

Each service is one transaction, writes audit rows and queues e-mail after commit."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.accounts.services import account_taken
from skillcert.catalog.models import Plan
from skillcert.catalog.selectors import session_registration_open
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.identifiers import is_business_number
from skillcert.core.states import transition
from skillcert.core.uploads import validate_document
from skillcert.notifications.services import email_after_commit
from skillcert.registrations import checks
from skillcert.registrations import refunds as refunds_service
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import RefundKind, RefundStatus

from . import rules
from .errors import GroupError
from .models import Coordinator, GroupRefundRequest, GroupSitting, Organisation, RequestStatus, VenueRequest
from .selectors import sitting_registrations

ORGANISATION_FIELDS = (
    "group_code", "name", "kind", "business_number", "invoice_title", "address", "contact_email",
    "recognition_signed_on", "refund_bank_code", "refund_branch_code", "refund_account_number",
)  # fmt: skip


def _portal_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("groupportal:home")


def taken_message() -> str:
    """The one answer when the account name (of any account, staff included) or the group code
    is in use: it does not say which, nor whose."""
    return _("此帳號或團報代碼無法使用，請換一個；已註冊的團報窗口請直接登入，或使用「查詢帳號/密碼」。")


def _check_kind(before: str | None, after: str | None) -> None:
    """Only staff make an organisation a 人培再充電 course organiser (its trainees register for
    free) or undo it; a coordinator cannot choose or leave that kind."""
    organiser = Organisation.Kind.ORGANISER
    if after != before and organiser in (before, after):
        raise GroupError(_("「人培再充電課程辦理單位」由執行單位設定，請來信申請。"), code="kind")


def coordinator_sign_up(
    *, username: str, password_hash: str, email: str, name: str, phone: str, organisation: dict
) -> Coordinator:
    """團報窗口 sign-up (brochure 115 §3.2-2 A): an account and its organisation profile,
    usable for sittings once staff verify it."""
    if not is_business_number(organisation.get("business_number", "")):
        raise GroupError(_("統一編號格式或檢查碼錯誤。"), code="business_number")
    _check_kind(None, organisation.get("kind"))
    try:
        with transaction.atomic():
            code_taken = Organisation.objects.filter(group_code__iexact=organisation["group_code"]).exists()
            if account_taken(username=username) or code_taken:  # both looked up: the same work either way
                raise GroupError(taken_message(), code="taken")
            user = User(username=username, email=email, kind=User.Kind.COORDINATOR, password=password_hash)
            user.full_clean(exclude=["password"])
            user.save()
            org = Organisation(**{k: v for k, v in organisation.items() if k in ORGANISATION_FIELDS})
            org.full_clean()
            org.save()
            coordinator = Coordinator.objects.create(user=user, organisation=org, name=name, phone=phone)
            log_action(coordinator, "groups.coordinator_signed_up", actor=user, data={"organisation": org.name})
    except IntegrityError as error:
        raise GroupError(taken_message(), code="taken") from error
    return coordinator


def organisation_update(*, coordinator: Coordinator, actor, **changes) -> Organisation:
    """The coordinator keeps the group profile and the recognition 認同 date up to date; a changed
    signing date waits for staff to confirm it again (`organisation_recognition_confirm`)."""
    unknown = set(changes) - set(ORGANISATION_FIELDS) - {"group_code"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "business_number" in changes and not is_business_number(changes["business_number"]):
        raise GroupError(_("統一編號格式或檢查碼錯誤。"), code="business_number")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=coordinator.organisation_id)
        _check_kind(org.kind, changes.get("kind", org.kind))
        before = {k: str(getattr(org, k)) for k in changes}
        for key, value in changes.items():
            setattr(org, key, value)
        fields = list(changes)
        if "recognition_signed_on" in changes and before["recognition_signed_on"] != str(org.recognition_signed_on):
            org.recognition_confirmed_at = None
            fields.append("recognition_confirmed_at")
        org.full_clean()
        org.save(update_fields=fields)
        changed = {k: [before[k], str(v)] for k, v in changes.items() if before[k] != str(v)}
        log_action(org, "groups.organisation_updated", actor=actor, data={"changed": changed})
        if organisation_payee(org) is not None:
            for refund in GroupRefundRequest.objects.filter(
                group_sitting__organisation=org, refunds__status=RefundStatus.AWAITING_ACCOUNT
            ).distinct():
                _cancellation_refund_pay_to(refund, organisation_payee(org), actor=actor)
    return org


def coordinator_verify(*, coordinator: Coordinator, actor) -> Coordinator:
    """Staff (item officer or admin) verify a coordinator account; the coordinator is told."""
    with transaction.atomic():
        coordinator = (
            Coordinator.objects.select_for_update().select_related("user", "organisation").get(pk=coordinator.pk)
        )
        if coordinator.verified_at is not None:
            return coordinator
        coordinator.verified_at = clock.now()
        coordinator.save(update_fields=["verified_at"])
        log_action(coordinator, "groups.coordinator_verified", actor=actor)
        if coordinator.user.email:
            email_after_commit(
                template="group_coordinator_verified",
                to=coordinator.user.email,
                context={"name": coordinator.name, "organisation": coordinator.organisation.name,
                         "portal_url": _portal_url()},
            )  # fmt: skip
    return coordinator


def organisation_recognition_confirm(*, organisation: Organisation, actor) -> Organisation:
    """Staff (item officer) confirm an organisation's signed iPAS recognition 認同 (brochure 115
    §3.3: 簽署企業或學校認同); from then its candidates may claim the 認同方案. Audited."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if org.recognition_signed_on is None:
            raise GroupError(_("此單位尚未填寫簽署 iPAS 認同日期。"), code="recognition")
        if org.recognition_confirmed_at is None:
            org.recognition_confirmed_at = clock.now()
            org.save(update_fields=["recognition_confirmed_at"])
            log_action(org, "groups.recognition_confirmed", actor=actor,
                       data={"signed_on": str(org.recognition_signed_on)})  # fmt: skip
    return org


def group_sitting_register(*, coordinator: Coordinator, session, actor) -> GroupSitting:
    """登記考試活動 (brochure 115 §3.2-2 B): within the group registration window; returns the
    sitting with its discount code (the same one when asked twice)."""
    if coordinator.verified_at is None:
        raise GroupError(_("團報窗口帳號尚未通過認證，認證後才能登記考試活動。"), code="unverified")
    existing = GroupSitting.objects.filter(organisation_id=coordinator.organisation_id, session=session).first()
    if existing is not None:
        return existing
    if session.is_cancelled:
        raise GroupError(_("本梯次已停辦。"), code="cancelled")
    if coordinator.organisation.is_recharge_organiser:
        refusal = rules.recharge_refusal(
            offered=session.level.fees.filter(plan=Plan.RECHARGE).exists(), exam_year=session.exam_date.year,
            this_year=clock.today().year,
        )  # fmt: skip
        if refusal:
            raise GroupError(refusal, code="recharge")
    if not session_registration_open(session=session, group=True):
        raise GroupError(
            _("不在團體報名期間（%(opens)s 至 %(closes)s）。")
            % {"opens": clock.roc_datetime(session.group_registration_opens),
               "closes": clock.roc_datetime(session.group_registration_closes)},
            code="window",
        )  # fmt: skip
    for _attempt in range(5):
        try:
            with transaction.atomic():
                sitting = GroupSitting.objects.create(
                    organisation_id=coordinator.organisation_id,
                    session=session,
                    discount_code=rules.discount_code_new(),
                )
                log_action(sitting, "groups.sitting_registered", actor=actor, data={"session": str(session)})
                return sitting
        except IntegrityError:
            existing = GroupSitting.objects.filter(organisation_id=coordinator.organisation_id, session=session).first()
            if existing is not None:  # registered twice at once
                return existing
    raise GroupError(_("無法產生折扣碼，請稍後再試。"), code="code")


def group_sitting_for_code(*, code: str, session, now=None) -> GroupSitting:
    """The one rule "is this discount code valid for this sitting now" (brochure 115 §3.2-2 (3) B),
    for the candidate's form and the service behind it. Raises GroupError (code `unknown_code`,
    `other_session` or `expired`): a code is the group's for its own sitting, and only while that
    sitting takes group registrations (§3.1 團體報名 closes a day before individuals) and is
    not cancelled 停辦; after that the candidate registers individually."""
    normalised = rules.normalise_code(code)
    sitting = None
    if normalised:
        sitting = (
            GroupSitting.objects.select_related("organisation", "session").filter(discount_code=normalised).first()
        )
    if sitting is None:
        raise GroupError(_("團報折扣碼錯誤，請向您的團報窗口確認。"), code="unknown_code")
    if sitting.session_id != session.pk:
        raise GroupError(
            _("此團報折扣碼屬於「%(session)s」，不適用於本梯次。") % {"session": sitting.session}, code="other_session"
        )
    try:  # the registration's own window check (group window; a cancelled sitting)
        checks.check_window(session=session, group_sitting=sitting, now=now or clock.now())
    except RegistrationError as error:
        message = _("此團報折扣碼已失效：%(reason)s請改以個人報名，或洽您的團報窗口。")
        raise GroupError(message % {"reason": " ".join(error.messages)}, code="expired") from error
    if sitting.organisation.is_recharge_organiser:  # brochure 113 §3.3 備註6: the organiser registers them
        raise GroupError(_("人培再充電學員由課程辦理單位統一報名，不能自行使用折扣碼。"), code="recharge")
    return sitting


def _open_count(sitting: GroupSitting, kind: str) -> int:
    return sitting_registrations(sitting=sitting).filter(subjects__subject__kind=kind).distinct().count()


def venue_request_create(*, sitting: GroupSitting, kind: str, room: str, actor) -> VenueRequest:
    """專屬考場 (SPEC §8): counted from the group's registrations for the sitting."""
    count = _open_count(sitting, kind)
    if not rules.dedicated_venue_allowed(kind=kind, candidates=count):
        raise GroupError(
            _("專屬考場須達 %(minimum)s 人（%(kind)s），本團目前 %(count)s 人。")
            % {"minimum": rules.DEDICATED_VENUE_MINIMUM[kind], "kind": VenueRequest.Kind(kind).label, "count": count},
            code="threshold",
        )
    if not room.strip():
        raise GroupError(_("請說明場地（地址、教室與設備）。"), code="room")
    with transaction.atomic():
        request = VenueRequest.objects.create(group_sitting=sitting, kind=kind, candidates=count, room=room.strip())
        log_action(request, "groups.venue_requested", actor=actor, to_state=request.status, data={"count": count})
    return request


def request_decide(obj, *, approved: bool, note: str, actor, template: str) -> None:
    """Staff decide a coordinator's request (venue, refund, change), on a locked row: once,
    a refusal with a note; the coordinators are told."""
    if obj.status != RequestStatus.SUBMITTED:
        raise GroupError(_("此申請已審核，不能再次決定。"), code="state")
    if not approved and not note.strip():
        raise GroupError(_("不同意時請填寫說明，團報窗口會看到這段說明。"), code="note")
    obj.decision_note = note.strip()[:300]
    target = RequestStatus.APPROVED if approved else RequestStatus.REFUSED
    transition(obj, target, actor=actor, reason=note, extra_fields=("decision_note",))
    emails = [c.user.email for c in obj.group_sitting.organisation.coordinators.select_related("user") if c.user.email]
    if emails:
        with translation.override(settings.LANGUAGE_CODE):  # the e-mail's language, not the staff page's
            status = obj.get_status_display()
        email_after_commit(
            template=template,
            to=emails,
            context={"sitting": str(obj.group_sitting), "status": status, "note": obj.decision_note,
                     "portal_url": _portal_url()},
        )  # fmt: skip


def venue_request_decide(*, request: VenueRequest, approved: bool, note: str, actor) -> VenueRequest:
    with transaction.atomic():
        request = VenueRequest.objects.select_for_update().get(pk=request.pk)
        request_decide(request, approved=approved, note=note, actor=actor, template="group_venue_decided")
    return request


def organisation_payee(org: Organisation) -> dict | None:
    """The organisation's own refund account, the only payee of a group refund (附錄二 註1), or
    None while the profile lacks it."""
    if not (org.refund_bank_code and org.refund_branch_code and org.refund_account_number):
        return None
    return {"bank_code": org.refund_bank_code, "branch_code": org.refund_branch_code,
            "account_number": org.refund_account_number, "account_holder": org.invoice_title or org.name}  # fmt: skip


def group_refunds_for_cancelled_session(*, registrations, actor, reason: str) -> list[GroupRefundRequest]:
    """梯次停辦 for group candidates (SPEC §7, 附錄二 註1): the paid group registrations of a
    cancelled sitting are owed their fees back to their organisation's account. Per group
    sitting one request holding each candidate's application, approved by the cancellation
    itself (finance's payout export shows them); an organisation without a refund account yet
    gets them approved when its coordinator enters one (`organisation_update`). Runs in the
    cancellation's transaction; idempotent (a registration already owed one is skipped)."""
    by_sitting: dict[int, list] = {}
    for registration in registrations:
        if not registration.refund_requests.filter(kind=RefundKind.FULL_CANCELLED).exists():
            by_sitting.setdefault(registration.group_sitting_id, []).append(registration)
    made = []
    for sitting in GroupSitting.objects.filter(pk__in=by_sitting).select_related("organisation").order_by("pk"):
        payee = organisation_payee(sitting.organisation)
        refunds = [
            refunds_service.refund_owed_for_cancellation(registration=r, actor=actor, reason=reason, payee=payee)
            for r in by_sitting[sitting.pk]
        ]
        blank = {"bank_code": "", "branch_code": "", "account_number": "", "account_holder": ""}
        request = GroupRefundRequest.objects.create(
            group_sitting=sitting, kind=RefundKind.FULL_CANCELLED, reason=reason.strip(),
            amount=sum(r.requested_amount for r in refunds), **(payee or blank),
        )  # fmt: skip
        request.registrations.set(by_sitting[sitting.pk])
        request.refunds.set(refunds)
        log_action(request, "groups.refund_requested", actor=actor, to_state=request.status,
                   data={"registrations": [r.pk for r in by_sitting[sitting.pk]], "amount": request.amount,
                         "session_cancelled": True})  # fmt: skip
        if payee is not None:
            transition(request, RequestStatus.APPROVED, actor=actor, reason=_("梯次停辦，全額退費"))
        made.append(request)
    return made


def _cancellation_refund_pay_to(request: GroupRefundRequest, payee: dict, *, actor) -> None:
    """A cancelled sitting's group refund waiting for the organisation's account gets it."""
    request = GroupRefundRequest.objects.select_for_update().get(pk=request.pk)
    for refund in request.refunds.filter(status=RefundStatus.AWAITING_ACCOUNT):
        refunds_service.refund_account_give(refund=refund, actor=actor, payee=payee)
    for key, value in payee.items():
        setattr(request, key, value)
    request.save(update_fields=list(payee))
    if request.status == RequestStatus.SUBMITTED:
        transition(request, RequestStatus.APPROVED, actor=actor, reason=_("梯次停辦，全額退費"))


def group_refund_request_create(
    *, sitting: GroupSitting, registrations, kind: str, reason: str = "", subject_ids=(), attachments=(), actor
) -> GroupRefundRequest:
    """取消報名及退費 for group candidates, only through the coordinator (SPEC §7, brochure 115
    附錄二 註1–2): one application per candidate with the individual's kinds, windows and
    per-subject amounts; the payee is always the organisation's own account."""
    org = sitting.organisation
    if organisation_payee(org) is None:
        raise GroupError(_("請先於團報基本資料填寫單位退費帳戶。"), code="account")
    registrations = list(registrations)
    if not registrations:
        raise GroupError(_("請選擇要申請退費的考生。"), code="registrations")
    if any(r.group_sitting_id != sitting.pk for r in registrations):
        raise GroupError(_("只能為本團報名的考生申請退費。"), code="other_group")
    if kind in (RefundKind.PARTIAL, RefundKind.OTHER) and not reason.strip():
        raise GroupError(_("請說明申請原因。"), code="reason")
    checked = [(f, validate_document(f)) for f in attachments]
    payee = organisation_payee(org)
    try:
        with transaction.atomic():
            refunds = [
                refunds_service.group_refund_line_up(registration=r, kind=kind, reason=reason, subject_ids=subject_ids,
                                                     payee=payee, attachments=checked, actor=actor)
                for r in registrations
            ]  # fmt: skip
            refund = GroupRefundRequest.objects.create(
                group_sitting=sitting, kind=kind, reason=reason.strip(),
                amount=sum(r.requested_amount for r in refunds), **payee,
            )  # fmt: skip
            refund.registrations.set(registrations)
            refund.refunds.set(refunds)
            log_action(refund, "groups.refund_requested", actor=actor, to_state=refund.status,
                       data={"registrations": [r.pk for r in registrations], "amount": refund.amount})  # fmt: skip
    except RegistrationError as error:
        raise GroupError(error.messages, code=error.code) from error
    return refund


def group_refund_decide(*, refund: GroupRefundRequest, approved: bool, note: str, actor) -> GroupRefundRequest:
    """Staff decide the coordinator's request; each candidate's application is decided with it
    as an individual's is (approval cancels or drops subjects and returns the seats), then
    finance pays it out to the organisation through the one payout export."""
    with transaction.atomic():
        refund = GroupRefundRequest.objects.select_for_update().get(pk=refund.pk)
        request_decide(refund, approved=approved, note=note, actor=actor, template="group_refund_decided")
        for application in refund.refunds.filter(status=RefundStatus.SUBMITTED):
            refunds_service.refund_decide(refund=application, actor=actor, approved=approved, note=note)
    return refund
