"""Back-office tools for exam day (exam officer: item officer or venue staff): the sittings
with their last seat allocation, and the action that runs it and shows its report (seated,
moved, kept; shortfall by region and need; venues without rooms; practical batches held or
not). Each view checks the role and calls one service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.catalog.models import ExamSession
from skillcert.examday.errors import ExamdayError
from skillcert.examday.models import AllocationRun
from skillcert.examday.services import session_allocate_seats

EXAM_OFFICERS = (StaffRole.ITEM_OFFICER, StaffRole.VENUE)
NEED_LABELS = {
    "none": gettext_lazy("一般考生"),
    "extra_time": gettext_lazy("延長考試時間"),
    "accessible": gettext_lazy("一樓或有電梯樓層"),
    "last_row": gettext_lazy("最後一排座位"),
    "wheelchair": gettext_lazy("最後一排輪椅座"),
    "practical": gettext_lazy("術科實作場次"),
}


@role_required(*EXAM_OFFICERS)
def index(request):
    sessions = ExamSession.objects.select_related("level__brochure__item").order_by("-exam_date")[:50]
    last = {}
    for run in AllocationRun.objects.filter(session__in=sessions).order_by("session_id", "-ran_at"):
        last.setdefault(run.session_id, run)
    rows = [(session, last.get(session.pk)) for session in sessions]
    return render(request, "backoffice/examday/index.html", {"rows": rows})


@role_required(*EXAM_OFFICERS)
def seating(request, pk: int):
    session = get_object_or_404(ExamSession.objects.select_related("level__brochure__item"), pk=pk)
    run = session.allocation_runs.select_related("run_by").first()
    shortfall = [{**row, "need_label": NEED_LABELS.get(row["need"], row["need"])} for row in (run.report.get(
        "shortfall", []) if run else [])]  # fmt: skip
    return render(request, "backoffice/examday/seating.html", {"session": session, "run": run, "shortfall": shortfall})


@require_POST
@role_required(*EXAM_OFFICERS)
def allocate(request, pk: int):
    session = get_object_or_404(ExamSession, pk=pk)
    try:
        run = session_allocate_seats(session=session, by=request.user)
    except ExamdayError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice_tools:examday_seating", pk=pk)
    if run.completed:
        messages.success(
            request,
            _("座位安排完成：已安排 %(seated)s 位，異動 %(moved)s 位，維持原座位 %(kept)s 位。")
            % {"seated": run.seated, "moved": run.moved, "kept": run.kept},
        )
    else:
        messages.error(request, _("座位不足，本次未安排任何座位；請依下表增加試場後再執行。"))
    return redirect("backoffice_tools:examday_seating", pk=pk)


urlpatterns = [
    path("", index, name="examday_index"),
    path("sessions/<int:pk>/seating/", seating, name="examday_seating"),
    path("sessions/<int:pk>/seating/run/", allocate, name="examday_allocate"),
]
