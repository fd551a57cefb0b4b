"""Candidate pages for exam day: the exam notice 考試通知 of one's own paid registration, as a page
and as a printable PDF. The registration is fetched through the candidate's own selector, so
another person's notice is a 404. Before the notice date the page says when it will appear."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from skillcert.core import clock
from skillcert.examday import notices
from skillcert.portal.access import candidate_required
from skillcert.registrations.models import RegistrationStatus
from skillcert.registrations.selectors import registration_for_candidate


def _own_notice(candidate, pk: int):
    registration = registration_for_candidate(candidate=candidate, pk=pk)
    if registration.status != RegistrationStatus.PAID:
        raise Http404
    is_open = notices.notice_is_open(registration.session)
    return registration, is_open, notices.notice_for(registration) if is_open else None


@candidate_required
def notice_page(request, candidate, pk: int):
    registration, is_open, notice = _own_notice(candidate, pk)
    context = {
        "registration": registration,
        "is_open": is_open,
        "opens_on": clock.roc_date(notices.notice_opens_on(registration.session)),
        "notice": notice,
        "bring": notices.what_to_bring(),
        "rules": notices.room_rules(),
    }
    return render(request, "portal/exam_notice.html", context)


@candidate_required
def notice_pdf(request, candidate, pk: int):
    _registration, _is_open, notice = _own_notice(candidate, pk)
    if notice is None:
        raise Http404
    response = HttpResponse(notices.notices_pdf([notice]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="exam-notice-{notice.admission_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/", notice_page, name="exam_notice"),
    path("<int:pk>/pdf/", notice_pdf, name="exam_notice_pdf"),
]
