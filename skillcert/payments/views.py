"""Candidate pages: the payment slip 繳費單 on screen and as a PDF (own registrations only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from . import selectors
from .slip import slip_pdf, slip_rows

app_name = "payments"


def _render(request, account, pdf_url: str):
    context = {"account": account, "rows": slip_rows(account), "pdf_url": pdf_url}
    return render(request, "payments/slip.html", context)


def _pdf(account) -> HttpResponse:
    response = HttpResponse(slip_pdf(account), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ipas-payment-{account.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def slip(request, registration_id: int):
    account = selectors.slip_account_for_user(user=request.user, registration_id=registration_id)
    return _render(request, account, f"{request.path}pdf/")


@login_required
def slip_pdf_view(request, registration_id: int):
    return _pdf(selectors.slip_account_for_user(user=request.user, registration_id=registration_id))


@login_required
def fee_slip(request, pk: int):
    account = selectors.fee_account_for_user(user=request.user, pk=pk)
    return _render(request, account, f"{request.path}pdf/")


@login_required
def fee_slip_pdf(request, pk: int):
    return _pdf(selectors.fee_account_for_user(user=request.user, pk=pk))


urlpatterns = [
    path("slip/<int:registration_id>/", slip, name="slip"),
    path("slip/<int:registration_id>/pdf/", slip_pdf_view, name="slip_pdf"),
    path("fees/<int:pk>/", fee_slip, name="fee_slip"),
    path("fees/<int:pk>/pdf/", fee_slip_pdf, name="fee_slip_pdf"),
]
