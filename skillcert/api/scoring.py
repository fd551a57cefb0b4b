"""Scoring API (staff): upload a subject sitting's scores, responses or answer key and get the
row report back; read a session's certification summary.

    POST /api/scoring/sessions/<id>/subjects/<subject_id>/<kind>/   (multipart `file`; kind: scores|responses|key)
    GET  /api/scoring/sessions/<id>/outcomes/
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from skillcert.accounts.models import StaffRole
from skillcert.catalog.models import ExamSession
from skillcert.scoring import imports
from skillcert.scoring.models import Outcome, Score
from skillcert.scoring.selectors import certified_in_sitting

from .auth import staff_api


@staff_api(StaffRole.REVIEWER, StaffRole.ITEM_OFFICER)
@require_POST
def upload(request, pk: int, subject_id: int, kind: str):
    session = get_object_or_404(ExamSession, pk=pk)
    subject = get_object_or_404(session.level.subjects, pk=subject_id)
    if kind not in imports.IMPORTERS:
        return JsonResponse({"error": "kind must be scores, responses or key"}, status=404)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return JsonResponse({"error": "請以 multipart 欄位 file 上傳檔案。"}, status=400)
    try:
        record = imports.IMPORTERS[kind](session=session, subject=subject, uploaded_file=uploaded, actor=request.user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"import": record.pk, "accepted": record.accepted, "refused": record.refused, "rows": record.report},
        status=201,
    )


@staff_api(StaffRole.REVIEWER, StaffRole.ITEM_OFFICER)
@require_GET
def outcomes(request, pk: int):
    session = get_object_or_404(ExamSession.objects.select_related("level"), pk=pk)
    candidate_ids = Score.objects.filter(session=session).values("candidate_id")
    rows = Outcome.objects.filter(level=session.level, candidate_id__in=candidate_ids)
    return JsonResponse(
        {
            "session": session.pk,
            "evaluated": rows.count(),
            "certified": certified_in_sitting(session=session).count(),
        }
    )


urlpatterns = [
    path("sessions/<int:pk>/subjects/<int:subject_id>/<str:kind>/", upload, name="scoring_upload"),
    path("sessions/<int:pk>/outcomes/", outcomes, name="scoring_outcomes"),
]
