"""Back office, 證書寄發 (reviewer role, or admin): a print batch per sitting, its address list for
registered post (xlsx, formula-safe) and its certificates in one PDF, then 'mailed'. Each view
checks the role and calls one service (certificates.mailing)."""

import datetime as dt

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.catalog.models import ExamSession
from skillcert.certificates import mailing
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.models import Certificate, PrintBatch
from skillcert.certificates.pdf import certificates_pdf
from skillcert.core import clock
from skillcert.core.exports import pdf_attachment, xlsx_response

mailing_required = role_required(StaffRole.REVIEWER)


@mailing_required
def index(request):
    sessions = (
        ExamSession.objects.filter(pk__in=Certificate.objects.values("outcome__sitting"))
        .select_related("level__brochure__item")
        .order_by("-exam_date")
    )
    rows = [
        {
            "session": session,
            "waiting": mailing.certificates_to_print(session=session).count(),
            "batches": session.print_batches.annotate(size=Count("certificates")),
        }
        for session in sessions
    ]
    return render(request, "backoffice/certificates/mailing.html", {"rows": rows, "today": clock.today()})


@require_POST
@mailing_required
def batch_create(request, session_pk: int):
    session = get_object_or_404(ExamSession, pk=session_pk)
    try:
        batch = mailing.print_batch_create(session=session, actor=request.user)
    except CertificateError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已建立印製批次 #%(pk)s。") % {"pk": batch.pk})
    return redirect("backoffice_tools:certificate_mailing")


@mailing_required
def batch_addresses(request, pk: int):
    batch = get_object_or_404(PrintBatch, pk=pk)
    header, rows = mailing.address_list(batch=batch)
    return xlsx_response(f"registered-post-batch-{batch.pk}.xlsx", header, rows, title=_("掛號郵寄名單"))


@mailing_required
def batch_pdf(request, pk: int):
    batch = get_object_or_404(PrintBatch, pk=pk)
    body = certificates_pdf(mailing.batch_certificates(batch=batch), title=f"證書印製批次 {batch.pk}")
    return pdf_attachment(f"certificates-batch-{batch.pk}.pdf", body)


@require_POST
@mailing_required
def batch_mailed(request, pk: int):
    batch = get_object_or_404(PrintBatch, pk=pk)
    try:
        mailed_on = dt.date.fromisoformat(request.POST.get("mailed_on", ""))
    except ValueError:
        messages.error(request, _("請輸入寄出日期。"))
        return redirect("backoffice_tools:certificate_mailing")
    try:
        mailing.print_batch_mark_mailed(batch=batch, mailed_on=mailed_on, actor=request.user)
    except CertificateError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已標記寄出。"))
    return redirect("backoffice_tools:certificate_mailing")


urlpatterns = [
    path("", index, name="certificate_mailing"),
    path("sessions/<int:session_pk>/batch/", batch_create, name="certificate_batch_create"),
    path("batches/<int:pk>/addresses.xlsx", batch_addresses, name="certificate_batch_addresses"),
    path("batches/<int:pk>/certificates.pdf", batch_pdf, name="certificate_batch_pdf"),
    path("batches/<int:pk>/mailed/", batch_mailed, name="certificate_batch_mailed"),
]
