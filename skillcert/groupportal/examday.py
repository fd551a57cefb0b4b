"""Group portal exam day: every exam notice of the coordinator's group sitting in one PDF (a page
per seated candidate). Another group's sitting is a 404 (`sitting_for_coordinator`); before the
notice date the coordinator is told when the notices appear."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.exports import pdf_attachment
from skillcert.examday import notices
from skillcert.groups import selectors

from .views import coordinator_required


@coordinator_required
def group_notices(request, coordinator, pk: int):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    session = sitting.session
    found = []
    if notices.notice_is_open(session):
        found = notices.notices_for(notices.noticeable_registrations().filter(group_sitting=sitting))
    if not found:
        if notices.notice_is_open(session):
            message = _("本團報目前沒有已安排座位的考生，座位安排完成後即可下載考試通知。")
        else:
            message = _("考試通知將於 %(day)s 起公告，屆時可於此下載本團報全部考生的考試通知。") % {
                "day": clock.roc_date(notices.notice_opens_on(session))
            }
        return render(request, "groupportal/notices_pending.html", {"sitting": sitting, "message": message}, status=409)
    return pdf_attachment(f"group-{sitting.pk}-exam-notices.pdf", notices.notices_pdf(found, title=str(session)))


urlpatterns = [path("sittings/<int:pk>/notices.pdf", group_notices, name="exam_notices")]
