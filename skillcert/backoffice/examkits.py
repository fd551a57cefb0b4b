"""Back-office exam day (venue/proctor role 考場/監試, or admin): any candidate's exam notice, the
room kits 試場資料袋 (per room, or a whole venue in one PDF), the roll call 點名 page proctors
use on a phone or tablet, and the list of computer rooms leading to each room's console
(`examroom`, per room and period). Each view checks the role and calls one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.catalog.models import ExamSession, SessionSubject, Subject, Venue
from skillcert.cbt.proctoring import PROCTORS
from skillcert.core.exports import pdf_attachment
from skillcert.examday import kits, notices, rollcall
from skillcert.examday.models import Room
from skillcert.examrecords.models import RollCallStatus
from skillcert.registrations.models import Registration
from skillcert.scoring.models import Deduction

venue_staff = role_required(StaffRole.VENUE)


@venue_staff
def notice(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    found = notices.notice_for(registration)
    if found is None:
        raise Http404
    return pdf_attachment(f"exam-notice-{found.admission_number}.pdf", notices.notices_pdf([found]))


def _chosen_session(request) -> ExamSession | None:
    text = request.GET.get("session", "")
    if not text:
        return None
    if not text.isdigit():
        raise Http404
    return get_object_or_404(ExamSession.objects.select_related("level__brochure__item"), pk=int(text))


def computer_based(period) -> bool:
    """A period sat at the computer: its room has a console (`examroom`)."""
    return period.subject.format == Subject.Format.CBT


def _sittings():
    return ExamSession.objects.select_related("level__brochure__item").order_by("-exam_date")[:50]


@venue_staff
def kits_index(request):
    """Pick a sitting, then download a room's kit or a venue's, or open a room's roll call (and,
    for a computer-based period, its console)."""
    session = _chosen_session(request)
    rooms = kits.session_rooms(session=session) if session else []
    return render(
        request, "backoffice/examday/kits.html",
        {"sessions": _sittings(), "session": session, "rooms": rooms, "cbt": Subject.Format.CBT},
    )  # fmt: skip


@role_required(*PROCTORS)
def consoles(request):
    """試場監控: pick a sitting, then the computer-based periods of each room, each with its
    console and its roll call."""
    session = _chosen_session(request)
    rooms = []
    if session:
        for room, periods in kits.session_rooms(session=session):
            computer = [period for period in periods if computer_based(period)]
            if computer:
                rooms.append((room, computer))
    return render(
        request, "backoffice/examday/consoles.html", {"sessions": _sittings(), "session": session, "rooms": rooms}
    )


@venue_staff
def room_kit(request, session_pk: int, room_pk: int):
    session = get_object_or_404(ExamSession, pk=session_pk)
    room = get_object_or_404(Room.objects.select_related("venue"), pk=room_pk)
    return pdf_attachment(f"kit-{session.pk}-room-{room.pk}.pdf", kits.room_kit_pdf(session=session, room=room))


@venue_staff
def venue_kit(request, session_pk: int, venue_pk: int):
    session = get_object_or_404(ExamSession, pk=session_pk)
    venue = get_object_or_404(Venue, pk=venue_pk)
    return pdf_attachment(f"kit-{session.pk}-venue-{venue.pk}.pdf", kits.venue_kit_pdf(session=session, venue=venue))


@venue_staff
def roll_call(request, room_pk: int, period_pk: int):
    """The proctor's page: one card per seated candidate with present / absent / refused
    buttons, and the incident form. A refusal (not in this room, too early to refuse entry,
    a phone deduction outside 5–20) comes back as a 400 with the message; nothing is saved."""
    room = get_object_or_404(Room.objects.select_related("venue"), pk=room_pk)
    period = get_object_or_404(SessionSubject.objects.select_related("subject", "session"), pk=period_pk)
    status = 200
    if request.method == "POST":
        number = request.POST.get("admission_number", "").strip().upper()
        try:
            if request.POST.get("action") == "incident":
                rollcall.incident_record(
                    room=room, period=period, admission_number=number, kind=request.POST.get("kind", ""),
                    points=rollcall.incident_points(request.POST.get("points", "")), note=request.POST.get("note", "")[:300],
                    actor=request.user,
                )  # fmt: skip
                messages.success(request, _("已記錄 %(number)s 的違規事項。") % {"number": number})
            else:
                mark = rollcall.roll_call_mark(
                    room=room, period=period, admission_number=number, status=request.POST.get("status", ""),
                    actor=request.user,
                )  # fmt: skip
                messages.success(
                    request, _("%(number)s：%(status)s") % {"number": number, "status": mark.get_status_display()}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            return redirect("backoffice_tools:examday_roll_call", room_pk=room.pk, period_pk=period.pk)
    context = {
        "room": room,
        "period": period,
        "roster": rollcall.room_roster(room=room, period=period),
        "statuses": RollCallStatus.choices,
        "kinds": Deduction.Kind.choices,
        "console": computer_based(period),
        "posted": request.POST if status == 400 and request.POST.get("action") == "incident" else {},
    }
    return render(request, "backoffice/examday/roll_call.html", context, status=status)


urlpatterns = [
    path("notices/<int:pk>.pdf", notice, name="examday_notice"),
    path("kits/", kits_index, name="examday_kits"),
    path("kits/<int:session_pk>/rooms/<int:room_pk>.pdf", room_kit, name="examday_room_kit"),
    path("kits/<int:session_pk>/venues/<int:venue_pk>.pdf", venue_kit, name="examday_venue_kit"),
    path("roll-call/<int:room_pk>/<int:period_pk>/", roll_call, name="examday_roll_call"),
    path("consoles/", consoles, name="examday_consoles"),
]
