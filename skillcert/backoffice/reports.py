"""Back-office reports: an index of the reports the user's role may read, and each report as a
page with its SVG chart and data table side by side, the catalogue filters, and csv/xlsx export
of the same table (core.exports, formula-safe)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.core.exports import csv_response, xlsx_response
from skillcert.reports.catalogue import REPORTS
from skillcert.reports.charts import chart
from skillcert.reports.filters import FilterForm, Filters

from .site import backoffice_site

READERS = (StaffRole.ITEM_OFFICER, StaffRole.FINANCE)


@role_required(*READERS)
def index(request):
    reports = [report for report in REPORTS.values() if request.user.has_role(*report.roles)]
    context = {**backoffice_site.each_context(request), "title": _("統計報表"), "reports": reports}
    return render(request, "backoffice/reports/index.html", context)


@role_required(*READERS)
def report(request, slug: str):
    chosen = REPORTS.get(slug)
    if chosen is None:
        raise Http404
    if not request.user.has_role(*chosen.roles):
        raise PermissionDenied(_("您沒有此作業的權限。"))
    form = FilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        table, status = None, 400
    else:
        table, status = chosen.compute(form.filters() if form.is_bound else Filters()), 200
    export = request.GET.get("export")
    if table is not None and export in ("csv", "xlsx"):
        respond = csv_response if export == "csv" else xlsx_response
        return respond(f"{slug}.{export}", [str(column) for column in table.columns], table.rows)
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        **backoffice_site.each_context(request),
        "title": chosen.title,
        "report": chosen,
        "form": form,
        "table": table,
        "chart": chart(table, title=str(chosen.title)) if table is not None else None,
        "query": query.urlencode(),
    }
    return render(request, "backoffice/reports/report.html", context, status=status)


urlpatterns = [
    path("", index, name="reports_index"),
    path("<slug:slug>/", report, name="report"),
]
