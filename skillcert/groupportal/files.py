"""Group portal files: the upload template, the bulk upload with its row-by-row report,
exports (formula-safe) and the printable registration checklist 報名資料檢核單."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillcert.core.exports import csv_response, xlsx_response
from skillcert.groups import documents, selectors
from skillcert.groups.upload import COLUMNS, upload_apply
from skillcert.registrations.policies import is_closed

from .forms import UploadForm
from .views import coordinator_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
def template_download(request, coordinator, pk, fmt):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    if fmt == "csv":
        return csv_response(f"group-{sitting.pk}-template.csv", [title for _key, title in COLUMNS], [])
    return _attachment(documents.template_xlsx(sitting=sitting), XLSX, f"group-{sitting.pk}-template.xlsx")


@coordinator_required
def upload(request, coordinator, pk):
    """考生資料上傳: every row is answered (accepted / already registered / refused and why)."""
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        if coordinator.verified_at is None:
            form.add_error(None, _("團報窗口帳號尚未通過認證。"))
        else:
            try:
                report = upload_apply(sitting=sitting, uploaded_file=form.cleaned_data["file"], actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("已處理 %(total)s 列：受理 %(accepted)s、已報名未變更 %(already)s、退回 %(refused)s、"
                      "已報名但資料不同 %(differs)s。")
                    % {"total": len(report.rows), "accepted": report.accepted, "already": report.already,
                       "differs": report.differs, "refused": report.refused},
                )  # fmt: skip
    status = 400 if request.method == "POST" and report is None else 200
    return render(
        request, "groupportal/upload.html", {"sitting": sitting, "form": form, "report": report}, status=status
    )


@coordinator_required
def export(request, coordinator, pk, fmt):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    rows = list(selectors.sitting_rows(sitting=sitting))
    certified = selectors.certified_candidate_ids(sitting=sitting, candidates=[r.candidate for r in rows])
    body = documents.export_rows(rows=rows, certified=certified)
    filename = f"group-{sitting.pk}-candidates.{fmt}"
    if fmt == "csv":
        return csv_response(filename, documents.EXPORT_HEADER, body)
    return xlsx_response(filename, documents.EXPORT_HEADER, body, title="考生報考資料")


@coordinator_required
def checklist(request, coordinator, pk):
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    rows = [r for r in selectors.sitting_rows(sitting=sitting) if not is_closed(r.status)]
    body = documents.checklist_pdf(
        sitting=sitting, rows=rows, total_due=selectors.amount_due(sitting=sitting),
        remittance_account=settings.GROUP_REMITTANCE_ACCOUNT,
    )  # fmt: skip
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="group-{sitting.pk}-checklist.pdf"'
    return response
