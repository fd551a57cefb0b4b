"""Candidate pages for certificates (SPEC §11): my certificates, the PDF, the temporary proof,
renewal 換發 and reissue 補發 applications. Each view fetches through a selector that filters
by the logged-in candidate, so nobody reaches another person's certificate."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from skillcert.certificates import pdf, reissues, renewals, selectors
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.forms import ReissueForm, TrainingRecordForm
from skillcert.certificates.models import RequestStatus
from skillcert.portal.registrations import candidate_required


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _slip_url(request_obj) -> str:
    """The payments area's printable slip for the fee account, when that area is mounted."""
    if request_obj.status != RequestStatus.AWAITING_PAYMENT or request_obj.virtual_account_id is None:
        return ""
    try:
        return reverse("payments:fee_slip", args=[request_obj.virtual_account_id])
    except NoReverseMatch:
        return ""


@candidate_required
def certificate_list(request, candidate):
    rows = []
    for certificate in selectors.certificates_for_candidate(candidate=candidate):
        rows.append(
            {
                "certificate": certificate,
                "status": selectors.display_status(certificate),
                "can_download": selectors.can_download(certificate),
                "proof": selectors.temporary_proof_available(certificate),
                "renewal_refusal": renewals.renewal_refusal(certificate=certificate),
                "renewals": list(certificate.renewals.all()),
                "reissues": list(certificate.reissues.all()),
            }
        )
    return render(request, "certificates/portal_list.html", {"rows": rows})


@candidate_required
def certificate_download(request, candidate, pk: int):
    certificate = selectors.certificate_for_candidate(candidate=candidate, pk=pk)
    if not selectors.can_download(certificate):
        raise Http404
    return _pdf_response(pdf.certificate_pdf(certificate), f"certificate-{certificate.number}.pdf")


@candidate_required
def certificate_proof(request, candidate, pk: int):
    certificate = selectors.certificate_for_candidate(candidate=candidate, pk=pk)
    if not selectors.temporary_proof_available(certificate):
        raise Http404
    return _pdf_response(pdf.temporary_proof_pdf(certificate), f"temporary-proof-{certificate.number}.pdf")


@candidate_required
def renewal(request, candidate, pk: int):
    certificate = selectors.certificate_for_candidate(candidate=candidate, pk=pk)
    current = certificate.renewals.exclude(status__in=[RequestStatus.REJECTED, RequestStatus.CANCELLED]).first()
    form = TrainingRecordForm()
    if request.method == "POST":
        try:
            current = current or renewals.renewal_open(certificate=certificate, actor=request.user)
            action = request.POST.get("action")
            if action == "submit":
                renewals.renewal_submit(request=current, actor=request.user)
                messages.success(request, _("換發申請已送出，請等候審查。"))
                return redirect("portal:certificate_renewal", pk=pk)
            if action == "remove":
                record = get_object_or_404(current.records, pk=request.POST.get("record"))
                renewals.training_record_remove(record=record, actor=request.user)
                return redirect("portal:certificate_renewal", pk=pk)
            form = TrainingRecordForm(request.POST, request.FILES)
            if form.is_valid():
                data = dict(form.cleaned_data)
                evidence = data.pop("evidence")
                renewals.training_record_add(request=current, data=data, evidence=evidence, actor=request.user)
                messages.success(request, _("已加入資料。"))
                return redirect("portal:certificate_renewal", pk=pk)
        except CertificateError as error:
            messages.error(request, " ".join(error.messages))
    context = {
        "certificate": certificate,
        "request_obj": current,
        "form": form,
        "refusal": renewals.renewal_refusal(certificate=certificate) if current is None else "",
        "editable": current is None or current.status in renewals.EDITABLE,
        "claimed": renewals.claimed_hours(current) if current else 0,
        "required": certificate.level.renewal_training_hours,
    }
    status = 400 if request.method == "POST" else 200  # a POST reaching here was refused
    return render(request, "certificates/portal_renewal.html", context, status=status)


@candidate_required
def reissue(request, candidate, pk: int):
    certificate = selectors.certificate_for_candidate(candidate=candidate, pk=pk)
    form = ReissueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reissues.reissue_request(
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                correction=form.cleaned_data.get("correction", ""),
                actor=request.user,
            )
        except CertificateError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("補發申請已受理，請於期限內繳納工本費。"))
            return redirect("portal:certificate_reissue", pk=pk)
    context = {
        "certificate": certificate,
        "form": form,
        "refusal": reissues.reissue_refusal(certificate=certificate),
        "requests": [(r, _slip_url(r)) for r in certificate.reissues.all()],
        "window": reissues.open_window(certificate=certificate),
    }
    return render(request, "certificates/portal_reissue.html", context)


urlpatterns = [
    path("", certificate_list, name="certificate_list"),
    path("<int:pk>/pdf/", certificate_download, name="certificate_pdf"),
    path("<int:pk>/temporary-proof/", certificate_proof, name="certificate_proof"),
    path("<int:pk>/renewal/", renewal, name="certificate_renewal"),
    path("<int:pk>/reissue/", reissue, name="certificate_reissue"),
]
