"""Back-office tools for certificates (reviewer role, or admin): the renewal review 換發審查
with a check per record, reissue approval 補發核定 once the fee is paid, and revocation 撤銷.
Each view checks the role and calls one service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.registrations import role_required
from skillcert.certificates import reissues, renewals, rules, selectors, services
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.forms import DecisionForm, RevokeForm
from skillcert.certificates.models import (
    Certificate,
    ReissueRequest,
    RenewalRequest,
    RequestStatus,
    TrainingRecord,
)
from skillcert.core.documents import document_response

reviewer_required = role_required(StaffRole.REVIEWER)


def _run(request, action, ok: str) -> bool:
    try:
        action()
    except CertificateError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, ok)
    return True


@reviewer_required
def queue(request):
    context = {
        "renewals": RenewalRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related("certificate__candidate", "certificate__level__brochure__item")
        .order_by("submitted_at"),
        "reissues": ReissueRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related("certificate__candidate", "certificate__level__brochure__item")
        .order_by("paid_at"),
        "awaiting_payment": ReissueRequest.objects.filter(status=RequestStatus.AWAITING_PAYMENT).count(),
    }
    return render(request, "backoffice/certificates/queue.html", context)


@reviewer_required
def renewal_detail(request, pk: int):
    renewal = get_object_or_404(RenewalRequest.objects.select_related("certificate__level"), pk=pk)
    context = {
        "renewal": renewal,
        "records": renewal.records.all(),
        "accepted": renewals.accepted_hours(renewal),
        "required": renewal.certificate.level.renewal_training_hours,
        "form": DecisionForm(),
    }
    return render(request, "backoffice/certificates/renewal_detail.html", context)


@require_POST
@reviewer_required
def record_check(request, pk: int):
    record = get_object_or_404(TrainingRecord, pk=pk)
    accepted = request.POST.get("check") == "accepted"
    note = request.POST.get("note", "")[:300]
    _run(
        request,
        lambda: renewals.training_record_check(record=record, accepted=accepted, note=note, actor=request.user),
        _("已記錄檢核結果。"),
    )
    return redirect("backoffice_tools:certificate_renewal", pk=record.request_id)


@reviewer_required
def record_evidence(request, pk: int):
    record = get_object_or_404(TrainingRecord, pk=pk)
    return document_response(record.evidence, name=f"renewal-evidence-{record.pk}")


@require_POST
@reviewer_required
def renewal_decide(request, pk: int):
    renewal = get_object_or_404(RenewalRequest, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    decision = request.POST.get("decision", "")
    _run(
        request,
        lambda: renewals.renewal_decide(request=renewal, decision=decision, note=note, actor=request.user),
        _("已完成換發審查。"),
    )
    return redirect("backoffice_tools:certificate_renewal", pk=pk)


@require_POST
@reviewer_required
def reissue_decide(request, pk: int):
    reissue = get_object_or_404(ReissueRequest, pk=pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    approved = request.POST.get("decision") == "approve"
    _run(
        request,
        lambda: reissues.reissue_decide(request=reissue, approved=approved, note=note, actor=request.user),
        _("已完成補發審查。"),
    )
    return redirect("backoffice_tools:certificate_queue")


@reviewer_required
def revoke(request):
    number = rules.normalise_number(request.GET.get("number") or request.POST.get("number") or "")
    certificate = Certificate.objects.select_related("level", "candidate").filter(number=number).first()
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and certificate and form.is_valid():
        done = _run(
            request,
            lambda: services.certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            ),
            _("證書已撤銷。"),
        )
        if done:
            return redirect(f"{request.path}?number={certificate.number}")
    context = {
        "number": number,
        "certificate": certificate,
        "status": selectors.display_status(certificate) if certificate else "",
        "form": form,
    }
    return render(request, "backoffice/certificates/revoke.html", context)


urlpatterns = [
    path("", queue, name="certificate_queue"),
    path("renewals/<int:pk>/", renewal_detail, name="certificate_renewal"),
    path("renewals/<int:pk>/decide/", renewal_decide, name="certificate_renewal_decide"),
    path("records/<int:pk>/check/", record_check, name="certificate_record_check"),
    path("records/<int:pk>/evidence/", record_evidence, name="certificate_record_evidence"),
    path("reissues/<int:pk>/decide/", reissue_decide, name="certificate_reissue_decide"),
    path("revoke/", revoke, name="certificate_revoke"),
]
