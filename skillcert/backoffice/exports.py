"""Exports of the lists staff work from (registrations, candidates, payments, certificates) as
csv or xlsx through core.exports (formula-safe, like the group exports). Each list is one
query with its joins (`values_list`), filtered by the reports' catalogue filters."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.models import CandidateProfile, StaffRole
from skillcert.backoffice.access import role_required
from skillcert.catalog.models import Plan
from skillcert.certificates.models import Certificate, CertificateKind, CertificateStatus
from skillcert.core import clock
from skillcert.core.exports import csv_response, xlsx_response
from skillcert.payments.models import BankCredit, CreditStatus, ExceptionReason
from skillcert.registrations.models import Registration, RegistrationStatus
from skillcert.reports import selectors
from skillcert.reports.filters import FilterForm, Filters, apply

from .site import backoffice_site

R = StaffRole
CHUNK = 2000


def _date(day) -> str:
    return clock.roc_date(day, weekday=False) if day else ""


def _registrations(filters):
    rows = apply(Registration.objects.all(), filters, selectors.REGISTRATION).order_by("pk")
    header = [_("報名編號"), _("考生"), _("帳號"), _("梯次日期"), _("鑑定項目"), _("考區"), _("方案"), _("應繳金額"), _("狀態"), _("報名時間")]  # fmt: skip
    values = rows.values_list(
        "pk", "candidate__name_zh", "candidate__user__username", "session__exam_date",
        "session__level__brochure__item__code", "region__name", "plan", "amount", "status", "created_at",
    )  # fmt: skip
    plans, states = selectors.labels(Plan.choices), selectors.labels(RegistrationStatus.choices)
    return header, (
        (*row[:3], _date(row[3]), row[4], row[5], plans.get(row[6], row[6]), row[7], states.get(row[8], row[8]),
         clock.roc_datetime(row[9]))
        for row in values.iterator(chunk_size=CHUNK)
    )  # fmt: skip


def _candidates(filters):
    header = [_("考生"), _("帳號"), _("電子郵件"), _("學校/服務單位")]
    people = CandidateProfile.objects.order_by("pk")
    if filters != Filters():
        registered = apply(Registration.objects.all(), filters, selectors.REGISTRATION).values("candidate")
        people = people.filter(pk__in=registered)
    return header, people.values_list("name_zh", "user__username", "user__email", "school_or_employer").iterator(
        chunk_size=CHUNK
    )


def _payments(filters):
    header = [_("入帳時間"), _("虛擬帳號"), _("金額"), _("匯款人"), _("狀態"), _("待處理原因"), _("報名編號")]
    rows = (
        apply(BankCredit.objects.all(), filters, selectors.CREDIT) if filters != Filters() else BankCredit.objects.all()
    )
    values = rows.order_by("value_at", "pk").values_list(
        "value_at", "account_number", "amount", "payer_name", "status", "reason", "registration_id"
    )
    states, reasons = selectors.labels(CreditStatus.choices), selectors.labels(ExceptionReason.choices)
    return header, (
        (clock.roc_datetime(row[0]), *row[1:4], states.get(row[4], row[4]), reasons.get(row[5], row[5]), row[6])
        for row in values.iterator(chunk_size=CHUNK)
    )


def _certificates(filters):
    header = [_("證書字號"), _("考生"), _("類別"), _("狀態"), _("發證日期"), _("效期迄日")]
    rows = apply(Certificate.objects.all(), filters, selectors.CERTIFICATE).order_by("pk")
    values = rows.values_list("number", "candidate__name_zh", "kind", "status", "issued_on", "valid_until")
    kinds, states = selectors.labels(CertificateKind.choices), selectors.labels(CertificateStatus.choices)
    return header, (
        (row[0], row[1], kinds.get(row[2], row[2]), states.get(row[3], row[3]), _date(row[4]), _date(row[5]))
        for row in values.iterator(chunk_size=CHUNK)
    )


LISTS = {
    "registrations": (gettext_lazy("報名名單"), _registrations, (R.ITEM_OFFICER,)),
    "candidates": (gettext_lazy("考生名單"), _candidates, (R.ITEM_OFFICER, R.REVIEWER)),
    "payments": (gettext_lazy("入帳明細"), _payments, (R.FINANCE,)),
    "certificates": (gettext_lazy("證書名單"), _certificates, (R.ITEM_OFFICER, R.REVIEWER)),
}
READERS = (R.ITEM_OFFICER, R.FINANCE, R.REVIEWER)


@role_required(*READERS)
def index(request):
    form = FilterForm(request.GET or None)
    lists = [(slug, title) for slug, (title, _rows, roles) in LISTS.items() if request.user.has_role(*roles)]
    context = {**backoffice_site.each_context(request), "title": _("名單匯出"), "lists": lists, "form": form}
    return render(request, "backoffice/reports/exports.html", context)


@role_required(*READERS)
def export(request, slug: str, fmt: str):
    if slug not in LISTS or fmt not in ("csv", "xlsx"):
        raise Http404
    title, rows_of, roles = LISTS[slug]
    if not request.user.has_role(*roles):
        raise PermissionDenied(_("您沒有此作業的權限。"))
    form = FilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {**backoffice_site.each_context(request), "title": _("名單匯出"), "lists": [], "form": form}
        return render(request, "backoffice/reports/exports.html", context, status=400)
    header, rows = rows_of(form.filters() if form.is_bound else Filters())
    respond = csv_response if fmt == "csv" else xlsx_response
    return respond(f"{slug}.{fmt}", [str(h) for h in header], rows, **({"title": str(title)} if fmt == "xlsx" else {}))


urlpatterns = [
    path("", index, name="exports_index"),
    path("<slug:slug>.<str:fmt>", export, name="export"),
]
