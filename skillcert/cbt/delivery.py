"""Delivery of a frozen test form in the exam room (issue 11): sign-in at an enrolled
workstation, the start, the items a candidate may see, submission and automatic submission
at the candidate's own end. Answers themselves are saved by `cbt.autosave`; the proctor's
actions are `cbt.proctoring`. Submitted answers become scoring's responses, graded with the
form's key (`scoring.services.responses_record`, the same store as the responses import)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.examday import admission
from skillcert.examday.selectors import registration_seats
from skillcert.registrations.models import Registration, RegistrationSubject
from skillcert.scoring import services as scoring_services

from . import rules, testforms, timing
from .errors import CbtError
from .models import Answer, Attempt, TestForm, Workstation

Status = Attempt.Status


class DeliveryError(CbtError):
    """A refusal in the exam room; `code` tells the door which 4xx to answer with."""


def _find_registration(*, admission_number: str, national_id: str) -> Registration:
    number = admission.normalise(admission_number or "")
    found = (
        Registration.objects.filter(admission_number=number).select_related("candidate").first()
        if admission.is_valid(number)
        else None
    )
    if found is None or found.candidate.national_id.upper() != admission.normalise(national_id or ""):
        raise DeliveryError(_("考試通知碼或身分證字號不正確，請再確認。"), code="unknown")
    return found


def _seat(*, registration, opening):
    seat = registration_seats(registration=registration).filter(period=opening.period_id).first()
    if seat is None or seat.room_id != opening.room_id:
        raise DeliveryError(_("您不在本試場應試，請洽監試人員確認試場。"), code="wrong_room")
    return seat


def _form(period) -> TestForm:
    form = TestForm.objects.filter(sitting=period, status=TestForm.Status.FROZEN).first()
    if form is None:
        raise DeliveryError(_("本節試卷尚未備妥，請洽監試人員。"), code="no_form")
    return form


def attempt_sign_in(*, workstation: Workstation, admission_number: str, national_id: str) -> Attempt:
    """A candidate signs in at an enrolled workstation of their room once the proctor has
    opened it. The first sign-in creates the attempt (every question unanswered); a later one
    is allowed only after the proctor unlocked the candidate (resume on any workstation of the
    room), and it rotates the token so the old workstation can save no more."""
    now = clock.now()
    with transaction.atomic():
        workstation = Workstation.objects.select_related("opening__period").get(pk=workstation.pk)
        opening = workstation.opening
        if workstation.revoked:
            raise DeliveryError(_("此電腦未登錄於本試場，不能應試。"), code="workstation")
        if opening.opened_at is None:
            raise DeliveryError(_("監試人員尚未開放登入，請稍候。"), code="not_open")
        registration = _find_registration(admission_number=admission_number, national_id=national_id)
        seat = _seat(registration=registration, opening=opening)
        form = _form(opening.period)
        attempt = Attempt.objects.select_for_update().filter(registration=registration, form=form).first()
        if attempt is None:
            if now > timing.entry_closes(opening.period.starts_at):
                raise DeliveryError(_("已逾開始後 20 分鐘，不得入場應試。"), code="late")
            attempt = Attempt.objects.create(
                registration=registration,
                form=form,
                opening=opening,
                workstation=workstation,
                token=secrets.token_urlsafe(32),
                signed_in_at=now,
                extra_minutes=seat.extra_minutes,
                ends_at=timing.candidate_end(period_ends_at=opening.period.ends_at, extra_minutes=seat.extra_minutes),
            )
            Answer.objects.bulk_create(
                Answer(attempt=attempt, position=position) for position in form.items.values_list("position", flat=True)
            )
            log_action(attempt, "cbt.signed_in", data={"workstation": workstation.label})
            return attempt
        if attempt.status == Status.SUBMITTED:
            raise DeliveryError(_("您已交卷。"), code="submitted")
        if not attempt.reentry_allowed:
            raise DeliveryError(_("您已在其他電腦登入；如需換機，請洽監試人員解鎖。"), code="signed_in")
        attempt.reentry_allowed = False
        attempt.workstation, attempt.token, attempt.opening = workstation, secrets.token_urlsafe(32), opening
        attempt.save(update_fields=["reentry_allowed", "workstation", "token", "opening"])
        log_action(attempt, "cbt.resumed", data={"workstation": workstation.label})
    return attempt


def attempt_by_token(token: str) -> Attempt | None:
    if not token:
        return None
    return Attempt.objects.select_related("form__sitting", "registration").filter(token=token).first()


def attempt_expire_if_due(*, attempt: Attempt) -> Attempt:
    """The server decides the end: an attempt past its own end (and not paused) is submitted."""
    if attempt.status not in (Status.SUBMITTED, Status.PAUSED) and clock.now() >= attempt.ends_at:
        return attempt_submit(attempt=attempt, auto=True)
    return attempt


def attempt_start(*, attempt: Attempt) -> Attempt:
    """開始作答: only once the period has started; the tutorial runs before."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("form__sitting").get(pk=attempt.pk)
        if attempt.status == Status.IN_PROGRESS:
            return attempt
        if attempt.status != Status.NOT_STARTED:
            raise DeliveryError(_("目前無法作答，請洽監試人員。"), code="state")
        if clock.now() < attempt.form.sitting.starts_at:
            raise DeliveryError(_("考試尚未開始。"), code="too_early")
        attempt.started_at = clock.now()
        transition(attempt, Status.IN_PROGRESS, extra_fields=("started_at",))
    return attempt


def attempt_items(*, attempt: Attempt) -> list[dict]:
    """The questions in this candidate's option order (never the key), only once started."""
    if attempt.status != Status.IN_PROGRESS or clock.now() < attempt.form.sitting.starts_at:
        raise DeliveryError(_("考試尚未開始。"), code="too_early")
    return testforms.candidate_items(form=attempt.form, registration_id=attempt.registration_id)


def attempt_answers(*, attempt: Attempt) -> dict[int, dict]:
    """{position: {"choice": shown slot letter or '', "flagged": bool, "seq": n}} as the
    candidate sees them (their option order)."""
    orders = _orders(attempt)
    return {
        position: {
            "choice": rules.canonical_to_displayed(orders[position], choice) if choice else "",
            "flagged": flagged,
            "seq": seq,
        }
        for position, choice, flagged, seq in attempt.answers.values_list("position", "choice", "flagged", "seq")
    }


def _orders(attempt: Attempt) -> dict[int, tuple[int, ...]]:
    return {
        form_item.position: testforms.option_order(
            form=attempt.form, registration_id=attempt.registration_id, form_item=form_item
        )
        for form_item in testforms.form_items(form=attempt.form)
    }


def attempt_submit(*, attempt: Attempt, actor=None, auto: bool = False, reason: str = "") -> Attempt:
    """交卷: by the candidate after the first 30 minutes, by the server at the candidate's end
    (`auto`), or by the proctor (`actor`). The answers become scoring's responses in the form's
    letters and are graded with the form's key."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("form__sitting").get(pk=attempt.pk)
        if attempt.status == Status.SUBMITTED:
            return attempt
        now = clock.now()
        if actor is None and not auto:
            if attempt.status != Status.IN_PROGRESS:
                raise DeliveryError(_("目前無法交卷，請洽監試人員。"), code="state")
            if now < timing.submit_opens(attempt.form.sitting.starts_at):
                raise DeliveryError(_("開始考試 30 分鐘後才可交卷。"), code="too_early")
        attempt.submitted_at, attempt.auto_submitted = now, auto
        transition(
            attempt, Status.SUBMITTED, actor=actor, reason=reason, extra_fields=("submitted_at", "auto_submitted")
        )
        _record_responses(attempt, actor=actor)
    return attempt


def _record_responses(attempt: Attempt, *, actor=None) -> None:
    """Into scoring's responses; the roll call still decides attendance there (a candidate
    marked absent or refused entry is 缺考 with the conflict listed for staff)."""
    registration_subject = RegistrationSubject.objects.get(
        registration=attempt.registration_id, subject=attempt.form.sitting.subject_id
    )
    scoring_services.responses_record(
        registration_subject=registration_subject,
        answers=dict(attempt.answers.values_list("position", "choice")),
        actor=actor,
        source="cbt",
    )


def attempts_submit_due() -> int:
    """Submit every attempt past its own end (the periodic job and the proctor console call
    this; saves are refused past the end whether or not it ran). Returns how many."""
    due = Attempt.objects.filter(ends_at__lte=clock.now()).exclude(status__in=(Status.SUBMITTED, Status.PAUSED))
    count = 0
    for attempt in due.only("pk"):
        attempt_submit(attempt=attempt, auto=True)
        count += 1
    return count
