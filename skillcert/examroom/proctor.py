"""The proctor's room console (issue 11): open the room, enrol the computer in front of you as
a workstation of the room, see who is in and how far they are, and act on one candidate (an
incident becomes the exam-day deduction, as on the roll-call page). Venue staff only
(back-office login); each action is one `cbt.proctoring` service, audited there."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.backoffice.access import role_required
from skillcert.catalog.models import SessionSubject
from skillcert.cbt import proctoring
from skillcert.cbt.models import Attempt, RoomOpening
from skillcert.examday import rollcall
from skillcert.examday.models import Room
from skillcert.scoring.models import Deduction

from .workstations import workstation_remember

ACTIONS = {
    "lock": proctoring.attempt_lock,
    "unlock": proctoring.attempt_unlock,
    "pause": proctoring.attempt_pause,
    "resume": proctoring.attempt_resume,
    "end": proctoring.attempt_end,
}


@role_required(*proctoring.PROCTORS)
def room(request, room_id: int, period_id: int):
    opening = proctoring.room_opening(
        room=get_object_or_404(Room, pk=room_id), period=get_object_or_404(SessionSubject, pk=period_id),
        actor=request.user,
    )  # fmt: skip
    return redirect("examroom:console", opening_id=opening.pk)


@role_required(*proctoring.PROCTORS)
def console(request, opening_id: int):
    opening = get_object_or_404(RoomOpening.objects.select_related("room__venue", "period__subject"), pk=opening_id)
    rows = proctoring.room_console(opening=opening, actor=request.user)
    return render(
        request,
        "examroom/console.html",
        {
            "opening": opening,
            "rows": rows,
            "workstations": opening.workstations.order_by("label"),
            "kinds": Deduction.Kind.choices,
        },
    )


def _back(request, opening, call, **kwargs):
    try:
        call(actor=request.user, **kwargs)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect("examroom:console", opening_id=opening.pk)
    return None


def _incident(*, actor, attempt, post):
    return proctoring.attempt_incident(
        attempt=attempt, kind=post.get("kind", ""), points=rollcall.incident_points(post.get("points", "")),
        note=post.get("note", "")[:300], actor=actor,
    )  # fmt: skip


@require_POST
@role_required(*proctoring.PROCTORS)
def open_room(request, opening_id: int):
    opening = get_object_or_404(RoomOpening, pk=opening_id)
    proctoring.room_open(opening=opening, actor=request.user)
    return redirect("examroom:console", opening_id=opening.pk)


@require_POST
@role_required(*proctoring.PROCTORS)
def enrol(request, opening_id: int):
    """Enrol the computer this request comes from: the signed cookie goes to this browser."""
    opening = get_object_or_404(RoomOpening, pk=opening_id)
    try:
        station = proctoring.workstation_enrol(opening=opening, label=request.POST.get("label", ""), actor=request.user)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect("examroom:console", opening_id=opening.pk)
    response = redirect("examroom:console", opening_id=opening.pk)
    workstation_remember(response, station)
    return response


@require_POST
@role_required(*proctoring.PROCTORS)
def act(request, opening_id: int, attempt_id: int, action: str):
    opening = get_object_or_404(RoomOpening, pk=opening_id)
    attempt = get_object_or_404(Attempt, pk=attempt_id, opening=opening)
    reason = request.POST.get("reason", "")
    if action == "incident":
        refused = _back(request, opening, _incident, attempt=attempt, post=request.POST)
        if refused is None:
            messages.success(
                request, _("已記錄 %(number)s 的違規事項。") % {"number": attempt.registration.admission_number}
            )
    elif action == "add_minutes":
        try:
            minutes = int(request.POST.get("minutes", ""))
        except ValueError:
            minutes = 0
        refused = _back(
            request, opening, proctoring.attempt_add_minutes, attempt=attempt, minutes=minutes, reason=reason
        )
    elif action in ACTIONS:
        refused = _back(request, opening, ACTIONS[action], attempt=attempt, reason=reason)
    else:
        return redirect("examroom:console", opening_id=opening.pk)
    return refused or redirect("examroom:console", opening_id=opening.pk)
