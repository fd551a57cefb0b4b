"""The candidate's exam screen (issue 11): sign-in at an enrolled workstation, the tutorial
before the start, the test one question at a time (static/js/exam.js), autosave, review and
submission. Every refusal is a 4xx with the service's message; the answer key never leaves
the server (the page gets `cbt.delivery.attempt_items`)."""

import json

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from skillcert.cbt import autosave, delivery, rules, timing
from skillcert.cbt.delivery import DeliveryError
from skillcert.cbt.models import Attempt
from skillcert.core import clock
from skillcert.core.documents import document_response

from .workstations import attempt_remember, attempt_token, workstation_id, workstation_of

STATUS_OF = {"invalid": 400, "unknown": 403, "closed": 409}
Status = Attempt.Status


class SignInForm(forms.Form):
    admission_number = forms.CharField(max_length=30, label=gettext_lazy("考試通知碼"))
    national_id = forms.CharField(max_length=20, label=gettext_lazy("身分證字號"))


def refusal(request, message: str, status: int = 403):
    return render(request, "examroom/refused.html", {"message": message}, status=status)


def sign_in(request):
    workstation = workstation_of(request)
    if workstation is None:
        return refusal(request, _("此電腦未登錄為考試電腦，請洽監試人員。"))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            attempt = delivery.attempt_sign_in(workstation=workstation, **form.cleaned_data)
        except DeliveryError as refused:
            form.add_error(None, refused.messages[0])
            status = 409 if refused.code in ("late", "submitted", "signed_in") else 403
        else:
            response = redirect("examroom:exam")
            attempt_remember(response, attempt.token)
            return response
    elif request.method == "POST":
        status = 400
    context = {"form": form, "workstation": workstation}
    return render(request, "examroom/sign_in.html", context, status=status)


def _attempt(request) -> Attempt | None:
    attempt = delivery.attempt_by_token(attempt_token(request))
    if attempt is None or attempt.workstation_id != workstation_id(request):
        return None
    return delivery.attempt_expire_if_due(attempt=attempt)


@require_GET
def exam(request):
    attempt = _attempt(request)
    if attempt is None:
        return redirect("examroom:sign_in")
    if attempt.status == Status.SUBMITTED:
        return render(request, "examroom/done.html", {"attempt": attempt})
    if attempt.status in (Status.PAUSED, Status.LOCKED):
        message = _("作答已由監試人員暫停或鎖定，請洽監試人員。")
        return render(request, "examroom/refused.html", {"message": message, "retry": True}, status=409)
    if attempt.status != Status.IN_PROGRESS:
        return render(request, "examroom/tutorial.html", {"attempt": attempt, "period": attempt.form.sitting})
    items = delivery.attempt_items(attempt=attempt)
    answers = delivery.attempt_answers(attempt=attempt)
    for item in items:
        item["answer"] = answers[item["position"]]
        item["slots"] = list(zip(rules.LETTERS, item["options"], strict=False))
    context = {
        "attempt": attempt,
        "items": items,
        "seq": max((answer["seq"] for answer in answers.values()), default=0),
        "ends_at": attempt.ends_at,
        "seconds_left": timing.seconds_left(ends_at=attempt.ends_at, now=clock.now()),
        "submit_opens": timing.submit_opens(attempt.form.sitting.starts_at),
        "can_submit": clock.now() >= timing.submit_opens(attempt.form.sitting.starts_at),
    }
    return render(request, "examroom/exam.html", context)


@require_POST
def start(request):
    attempt = _attempt(request)
    if attempt is None:
        return redirect("examroom:sign_in")
    try:
        delivery.attempt_start(attempt=attempt)
    except DeliveryError as refused:
        context = {"attempt": attempt, "period": attempt.form.sitting, "error": refused.messages[0]}
        return render(request, "examroom/tutorial.html", context, status=409)
    return redirect("examroom:exam")


@require_POST
def save(request):
    """One change as JSON {position, choice, flagged, seq, spent}: 200 {saved, seq} (saved false:
    a newer change was already stored), or 4xx {error} and nothing changed."""
    try:
        change = json.loads(request.body)
        if not isinstance(change, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"error": _("資料格式不正確。")}, status=400)
    try:
        saved = autosave.answer_save(
            token=attempt_token(request),
            workstation_id=workstation_id(request),
            position=change.get("position"),
            choice=change.get("choice"),
            flagged=change.get("flagged"),
            seq=change.get("seq"),
            spent=change.get("spent", 0),
        )
    except DeliveryError as refused:
        status = STATUS_OF.get(refused.code, 409)
        return JsonResponse({"error": refused.messages[0], "code": refused.code}, status=status)
    return JsonResponse({"saved": saved.applied, "seq": saved.seq})


@require_GET
def state(request):
    """The clock and status for the timer (and to notice a lock, a pause or the end)."""
    attempt = _attempt(request)
    if attempt is None:
        return JsonResponse({"error": _("作答階段已失效，請重新登入。")}, status=403)
    return JsonResponse(
        {
            "status": attempt.status,
            "seconds_left": timing.seconds_left(ends_at=attempt.ends_at, now=clock.now()),
            "ends_at": attempt.ends_at.isoformat(),
        }
    )


@require_GET
def figure(request, position: int):
    attempt = _attempt(request)
    if attempt is None or attempt.status != Status.IN_PROGRESS:
        return HttpResponse(_("考試尚未開始。"), status=403, content_type="text/plain; charset=utf-8")
    form_item = get_object_or_404(attempt.form.items.select_related("version"), position=position)
    if not form_item.version.figure:
        return HttpResponse(_("這一題沒有附圖。"), status=404, content_type="text/plain; charset=utf-8")
    return document_response(form_item.version.figure, name=f"figure-{position}")


@require_POST
def submit(request):
    attempt = _attempt(request)
    if attempt is None:
        return redirect("examroom:sign_in")
    try:
        attempt = delivery.attempt_submit(attempt=attempt)
    except DeliveryError as refused:
        return refusal(request, refused.messages[0], status=409)
    return render(request, "examroom/done.html", {"attempt": attempt})
