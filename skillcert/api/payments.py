"""Payments API: finance (or a finance API key) POSTs the bank's credit file and gets the
import summary as JSON. A malformed file gets 400 with every (line, error) and changes nothing.

    curl -H "Authorization: Bearer $KEY" -F file=@credits.txt https://…/api/payments/bank-files/"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.payments.bankfile import BankFileError, size_refusal
from skillcert.payments.imports import bank_file_import

from .auth import staff_api


@require_POST
@staff_api(StaffRole.FINANCE)
def bank_file(request):
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("請以 multipart 欄位 file 上傳銀行入帳檔。")}, status=400)
    refusal = size_refusal(upload.size)  # the back-office form's cap, checked before reading
    if refusal:
        return JsonResponse({"error": refusal}, status=413)
    try:
        batch = bank_file_import(content=upload.read(), filename=upload.name, actor=request.user, source="api")
    except BankFileError as error:
        return JsonResponse(
            {"error": error.message(), "lines": [{"line": n, "error": e} for n, e in error.errors]}, status=400
        )
    return JsonResponse(
        {
            "batch": batch.pk,
            "format": batch.file_format,
            "lines": batch.lines,
            "matched": batch.matched,
            "exceptions": batch.exceptions,
            "duplicates_skipped": batch.duplicates_skipped,
        },
        status=201,
    )


urlpatterns = [path("bank-files/", bank_file, name="payments_bank_file")]
