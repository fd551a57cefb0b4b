"""Candidate pages for registration (SPEC §4, §7): choose, review, submit, follow, cancel,
apply for a refund. Thin: parse input, check access, call one service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from skillcert.accounts import throttle
from skillcert.accounts.views import ratelimited
from skillcert.catalog.models import SubjectKind
from skillcert.catalog.selectors import registration_window
from skillcert.core import clock
from skillcert.groups import selectors as group_selectors
from skillcert.groups import services as group_services
from skillcert.groups.selectors import recognised_organisations
from skillcert.portal.access import candidate_required
from skillcert.registrations import checks, policies, refunds, selectors, services
from skillcert.registrations.errors import RegistrationError, SittingFull
from skillcert.registrations.forms import RefundForm, RegistrationChoiceForm, RegistrationFilesForm
from skillcert.registrations.models import RefundKind
from skillcert.registrations.pricing import DOCUMENT_PLANS, NoPriceError
from skillcert.registrations.quotes import price_for


def _error_text(error: RegistrationError) -> str:
    return " ".join(error.messages)


@candidate_required
def session_choose(request, candidate):
    sessions = selectors.sessions_marked_for(candidate=candidate, sessions=selectors.sessions_open_for_registration())
    return render(request, "portal/registration_sessions.html", {"sessions": sessions})


@candidate_required(lazy=True)
def registration_new(request, candidate, session_id: int):
    """One view, three steps: GET the choices; POST step=review shows the price and asks for
    the documents the choices need; POST step=submit registers. Choices travel in the form,
    so an error on the review page loses nothing."""
    session = selectors.session_for_registration(session_id)
    step = request.POST.get("step") if request.method == "POST" else None
    code_given = bool(step and (request.POST.get("discount_code") or "").strip())
    if code_given and _code_guesses_exceeded(request):
        return ratelimited(
            request, message=_("團報折扣碼錯誤次數過多，請稍後（約 15 分鐘）再試，或向您的團報窗口確認折扣碼。")
        )
    form = RegistrationChoiceForm(
        request.POST if step else None, session=session, candidate=candidate,
        code_lookup=group_services.group_sitting_for_code,
    )  # fmt: skip
    valid = form.is_valid()
    if code_given and form.has_error("discount_code"):
        _code_guess_count(request)
    if step not in ("review", "submit") or not valid:
        return _form_page(request, form, session, status=400 if form.is_bound else 200)
    data = form.cleaned_data
    claimed = data.get("claimed_plan") or None
    recognition = data.get("recognition_organisation")
    needs = form.special_needs()
    quote = None
    if step == "review":
        try:
            quote = price_for(
                candidate=candidate,
                session=session,
                subjects=list(data["subjects"]),
                group_sitting=form.group_sitting,
                claimed_plans={claimed} if claimed else (),
                recognition_organisation=recognition,
            )
        except NoPriceError:
            form.add_error(None, _("所選考科沒有適用的報名費用，請洽執行單位。"))
            return _form_page(request, form, session)
    # On submit the service prices again (one place for the rule); a claimed plan asks for its
    # document, which the service ignores if another plan turned out cheaper.
    files = RegistrationFilesForm(
        request.POST if step == "submit" else None,
        request.FILES if step == "submit" else None,
        needs_plan_document=quote.needs_documents if quote else claimed in DOCUMENT_PLANS,
        needs_special_document=needs is not None,
    )
    hidden = [(name, value) for name in form.fields for value in request.POST.getlist(name)]
    context = {
        "form": form, "files": files, "session": session, "quote": quote, "needs": needs, "data": data,
        "hidden": hidden, "group_sitting": form.group_sitting,
    }  # fmt: skip
    if step != "submit" or not files.is_valid():  # a refused document is a 400, choices kept
        return _render_review(request, context, claimed, status=400 if step == "submit" else 200)
    if needs is not None:
        needs["document"] = files.cleaned_data["special_needs_document"]
    plan_document = files.cleaned_data.get("plan_document")
    try:
        registration = services.registration_create(
            candidate=candidate,
            session=session,
            subjects=list(data["subjects"]),
            region=data["region"],
            practical_venue=data.get("practical_venue"),
            group_sitting=form.group_sitting,
            claimed_plan=claimed,
            documents=[plan_document] if plan_document else (),
            special_needs=needs,
            actor=request.user,
            recognition_organisation=recognition,
        )
    except SittingFull as error:  # nothing to review any more: say so and offer the next sitting
        context = {"session": session, "error": _error_text(error), "following": error.next_session}
        return render(request, "portal/registration_full.html", context, status=409)
    except RegistrationError as error:
        context["error"] = _error_text(error)
        return _render_review(request, context, claimed, status=409 if error.code == "full" else 400)
    messages.success(request, _("報名已送出。"))
    return redirect("portal:registration_detail", pk=registration.pk)


def _code_guesses_exceeded(request) -> bool:
    """Guessing group discount codes is rate limited: wrong codes count per address and account."""
    target = str(request.user.pk)
    return throttle.exceeded(request, throttle.DISCOUNT_CODE_FAILURES_PER_IP_AND_ACCOUNT, target) or throttle.exceeded(
        request, throttle.DISCOUNT_CODE_FAILURES_PER_IP
    )


def _code_guess_count(request) -> None:
    throttle.hit(request, throttle.DISCOUNT_CODE_FAILURES_PER_IP_AND_ACCOUNT, str(request.user.pk))
    throttle.hit(request, throttle.DISCOUNT_CODE_FAILURES_PER_IP)


def _form_page(request, form, session, status=200):
    """The choice page; when the written seats are already gone it says so up front and offers
    the next sitting (a candidate keeping a written pass may still register for the rest)."""
    context = {
        "form": form, "session": session, "written_full": False, "following": None,
        "recognised": recognised_organisations().values_list("name", "business_number"),
    }  # fmt: skip
    if session.written_seats_left is not None and session.written_seats_left <= 0:
        context["written_full"] = True
        context["following"] = checks.next_open_session(session=session, kinds=[SubjectKind.WRITTEN])
    if form.non_field_errors() and form.candidate is not None:
        context["own_registration_id"] = next(
            (
                s.own_registration_id
                for s in selectors.sessions_marked_for(candidate=form.candidate, sessions=[session])
            ),
            None,
        )
    return render(request, "portal/registration_form.html", context, status=status)


def _render_review(request, context, claimed, status=200):
    """The review page again (after a refused submit), priced for display."""
    if context.get("quote") is None:
        try:
            context["quote"] = price_for(
                candidate=request.user.candidate,
                session=context["session"],
                subjects=list(context["data"]["subjects"]),
                group_sitting=context.get("group_sitting"),
                claimed_plans={claimed} if claimed else (),
                recognition_organisation=context["data"].get("recognition_organisation"),
            )
        except NoPriceError:
            context["quote"] = None
    return render(request, "portal/registration_review.html", context, status=status)


@candidate_required
def registration_list(request, candidate):
    registrations = selectors.registrations_for_candidate(candidate=candidate)
    rows = [(r, selectors.next_step(r)) for r in registrations]
    return render(request, "portal/registration_list.html", {"rows": rows})


@candidate_required
def registration_detail(request, candidate, pk: int):
    registration = selectors.registration_for_candidate(candidate=candidate, pk=pk)
    context = {
        "registration": registration,
        "next_step": selectors.next_step(registration),
        "slip_url": selectors.payment_slip_url(registration),
        "account": selectors.current_virtual_account(registration),
        "needs": getattr(registration, "special_needs", None),
        "refunds": registration.refund_requests.all(),
        "refund_kinds": refunds.refund_kinds_for(registration=registration),
        "can_cancel": policies.registration_cancel_allowed(registration, by=policies.BY_CANDIDATE),
        "before_deadline": not registration_window(registration.session).has_closed(clock.now()),
        "group_contacts": group_selectors.sitting_contacts(sitting_id=registration.group_sitting_id)
        if registration.group_sitting_id
        else (),
    }
    return render(request, "portal/registration_detail.html", context)


@candidate_required
def registration_cancel(request, candidate, pk: int):
    """GET (or a POST without `confirm`) asks for confirmation and says the seat is released;
    the confirmed POST cancels. The service decides whether cancelling is allowed."""
    registration = selectors.registration_for_candidate(candidate=candidate, pk=pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if not policies.registration_cancel_allowed(registration, by=policies.BY_CANDIDATE):
            messages.error(request, _("這筆報名不能由考生自行取消。"))
            return redirect("portal:registration_detail", pk=registration.pk)
        return render(request, "portal/registration_cancel_confirm.html", {"registration": registration})
    try:
        services.registration_cancel(
            registration=registration, by=policies.BY_CANDIDATE, actor=request.user, reason=_("考生自行取消")
        )
    except RegistrationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("報名已取消，名額已釋出。"))
    return redirect("portal:registration_detail", pk=registration.pk)


@candidate_required
def refund_new(request, candidate, pk: int):
    registration = selectors.registration_for_candidate(candidate=candidate, pk=pk)
    kinds = refunds.refund_kinds_for(registration=registration)
    lines = [line for line in registration.subjects.all() if not line.dropped]
    if not kinds:
        messages.error(request, _("目前不符合線上申請取消報名及退費的條件。"))
        return redirect("portal:registration_detail", pk=registration.pk)
    form = RefundForm(request.POST or None, request.FILES or None, kinds=kinds, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refunds.refund_request_create(
                registration=registration,
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                subject_ids=data["subjects"],
                bank_code=data["bank_code"],
                branch_code=data["branch_code"],
                account_number=data["account_number"],
                account_holder=data["account_holder"],
                attachments=[data["attachment"]] if data.get("attachment") else (),
            )
        except RegistrationError as error:
            form.add_error(None, _error_text(error))
        else:
            if data["kind"] == RefundKind.FULL_CANCELLED:
                messages.success(request, _("已收到退費帳戶，報名費將全額退還至此帳戶。"))
            else:
                messages.success(request, _("退費申請已送出，審核結果將以電子郵件通知。"))
            return redirect("portal:registration_detail", pk=registration.pk)
    status = 400 if request.method == "POST" else 200  # a POST reaching here was refused
    return render(request, "portal/refund_form.html", {"form": form, "registration": registration}, status=status)


urlpatterns = [
    path("", registration_list, name="registration_list"),
    path("new/", session_choose, name="registration_sessions"),
    path("new/<int:session_id>/", registration_new, name="registration_new"),
    path("<int:pk>/", registration_detail, name="registration_detail"),
    path("<int:pk>/cancel/", registration_cancel, name="registration_cancel"),
    path("<int:pk>/refund/", refund_new, name="refund_new"),
]
