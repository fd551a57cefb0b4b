"""Back-office exam day (venue/proctor role 考場/監試, or admin): any candidate's exam notice, the
room kits 試場資料袋 (per room, or a whole venue in one PDF), and the roll call 點名 page proctors
use on a phone or tablet. Each view checks the role and calls one service."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.examday import notices
from skillcert.registrations.models import Registration

venue_staff = role_required(StaffRole.VENUE)


def _pdf(body: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@venue_staff
def notice(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    found = notices.notice_for(registration)
    if found is None:
        raise Http404
    return _pdf(notices.notices_pdf([found]), f"exam-notice-{found.admission_number}.pdf")


urlpatterns = [
    path("notices/<int:pk>.pdf", notice, name="examday_notice"),
]
