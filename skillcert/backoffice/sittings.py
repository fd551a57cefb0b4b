"""Back-office actions on a sitting: cancelled 停辦 (too few candidates, or by decision) and
postponed 考試延期 (typhoon, earthquake, flood). The exam officer gives the reason (and the new
date), reads what will happen on a confirmation page, and confirms; `examday.sittings` does the
rest and refuses what it must (its refusal shown on the form, nothing changed). The sitting's
admin 停辦 box goes through the same service."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.backoffice.access import role_required
from skillcert.backoffice.examday import EXAM_OFFICERS
from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.examday.errors import ExamdayError
from skillcert.examday.notices import notice_opens_on
from skillcert.examday.sittings import (
    open_registrations,
    paid_registrations,
    session_cancel,
    session_cancel_refusal,
    session_postpone,
    session_postpone_refusal,
)
from skillcert.registrations.rules import postponement_refund_days


@role_required(*EXAM_OFFICERS)
def index(request):
    """The sittings still to be held, each with its two actions."""
    sessions = (
        ExamSession.objects.filter(exam_date__gte=clock.today(), is_cancelled=False)
        .select_related("level__brochure__item")
        .order_by("exam_date", "pk")
    )
    rows = [(session, clock.roc_date(session.exam_date)) for session in sessions[:100]]
    return render(request, "backoffice/examday/sittings.html", {"rows": rows})


class PostponeForm(forms.Form):
    new_date = forms.DateField(label=gettext_lazy("新的考試日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=gettext_lazy("延期原因（考生與公告都會看到）"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


def _plan(session: ExamSession, new_date) -> dict:
    """What the confirmation page says will happen."""
    shift = new_date - session.exam_date
    first, last = postponement_refund_days(announced_on=clock.today())
    moved = ExamSession(exam_date=new_date, notice_days_before=session.notice_days_before)
    return {
        "old_date": clock.roc_date(session.exam_date),
        "new_date": clock.roc_date(new_date),
        "days": shift.days,
        "notice_date": clock.roc_date(notice_opens_on(moved)),
        "registrations": open_registrations(session).count(),
        "paid": paid_registrations(session).count(),
        "refund_first": clock.roc_date(first),
        "refund_last": clock.roc_date(last),
    }


@role_required(*EXAM_OFFICERS)
def postpone(request, pk: int):
    session = get_object_or_404(ExamSession.objects.select_related("level__brochure__item"), pk=pk)
    form = PostponeForm(request.POST or None)
    context = {"session": session, "form": form, "old_date": clock.roc_date(session.exam_date)}
    if request.method != "POST":
        return render(request, "backoffice/examday/postpone.html", context)
    if form.is_valid():
        new_date = form.cleaned_data["new_date"]
        refusal = session_postpone_refusal(session, new_date=new_date)
        if refusal is not None:
            form.add_error("new_date", refusal)
        elif request.POST.get("confirm") != "yes":
            return render(request, "backoffice/examday/postpone.html", {**context, "plan": _plan(session, new_date)})
        else:
            try:
                session_postpone(
                    session=session, new_date=new_date, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ExamdayError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("已延期至 %(date)s：時間表已順延，已發布公告並以 E-mail 及簡訊通知考生與團報窗口。")
                    % {"date": clock.roc_date(new_date)},
                )
                return redirect("backoffice:catalog_examsession_change", session.pk)
    return render(request, "backoffice/examday/postpone.html", context, status=400)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("停辦原因（考生與公告都會看到）"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    for_low_turnout = forms.BooleanField(label=gettext_lazy("因報名人數未達最低開考人數停辦"), required=False)


@role_required(*EXAM_OFFICERS)
def cancel(request, pk: int):
    session = get_object_or_404(ExamSession.objects.select_related("level__brochure__item"), pk=pk)
    form = CancelForm(request.POST or None)
    context = {"session": session, "form": form}
    if request.method != "POST":
        return render(request, "backoffice/examday/cancel.html", context)
    if form.is_valid():
        low = form.cleaned_data["for_low_turnout"]
        refusal = session_cancel_refusal(session, for_low_turnout=low)
        if refusal is not None:
            form.add_error(None, refusal)
        elif request.POST.get("confirm") != "yes":
            registrations = open_registrations(session)
            plan = {
                "registrations": registrations.count(),
                "paid": paid_registrations(session).count(),
                "group_paid": paid_registrations(session).filter(group_sitting__isnull=False).count(),
            }
            return render(request, "backoffice/examday/cancel.html", {**context, "plan": plan})
        else:
            try:
                session_cancel(
                    session=session, actor=request.user, reason=form.cleaned_data["reason"], for_low_turnout=low
                )
            except ExamdayError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.warning(
                    request,
                    _("本梯次已停辦：報名均已取消，已繳費者的全額退費已建立，考生與團報窗口已收到通知，並已發布公告。"),
                )
                return redirect("backoffice:catalog_examsession_change", session.pk)
    return render(request, "backoffice/examday/cancel.html", context, status=400)


urlpatterns = [
    path("sessions/", index, name="sessions_index"),
    path("sessions/<int:pk>/postpone/", postpone, name="session_postpone"),
    path("sessions/<int:pk>/cancel/", cancel, name="session_cancel"),
]
