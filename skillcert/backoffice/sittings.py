"""Back-office action: a sitting postponed 考試延期 (typhoon, earthquake, flood). The exam officer
gives the new date and the reason, reads what will happen on a confirmation page, and confirms;
`examday.sittings.session_postpone` does the rest and refuses what it must (its refusal shown
on the form, nothing changed). Cancelling is the sitting's 停辦 box in its admin page, through
`examday.sittings.session_cancel` too."""

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
    session_postpone,
    session_postpone_refusal,
)
from skillcert.registrations.rules import postponement_refund_days


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


urlpatterns = [path("sessions/<int:pk>/postpone/", postpone, name="session_postpone")]
