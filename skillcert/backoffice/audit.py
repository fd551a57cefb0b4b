"""Back-office audit search (admin): by person, object (type and id), action and date range;
read-only, paginated, exported as csv or xlsx through core.exports (formula-safe)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.core import clock
from skillcert.core.audit_search import audit_entries
from skillcert.core.exports import csv_response, xlsx_response

from .site import backoffice_site

PAGE_SIZE = 50


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("操作者帳號"), required=False, max_length=150)
    target_type = forms.CharField(label=gettext_lazy("對象類型"), required=False, max_length=80)
    target_id = forms.CharField(label=gettext_lazy("對象編號"), required=False, max_length=64)
    action = forms.CharField(label=gettext_lazy("動作"), required=False, max_length=80)
    since = forms.DateField(label=gettext_lazy("起日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("迄日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("起日不可晚於迄日。"))
        return data


def _header():
    return [_("時間"), _("操作者"), _("動作"), _("對象類型"), _("對象編號"), _("原狀態"), _("新狀態"), _("原因")]


def _rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        yield [
            clock.roc_datetime(entry.created_at),
            entry.actor.username if entry.actor else "",
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.from_state,
            entry.to_state,
            entry.reason,
        ]


@role_required(StaffRole.ADMIN)
def audit_search(request):
    form = AuditSearchForm(request.GET or None)
    entries = audit_entries(**form.cleaned_data) if form.is_valid() else audit_entries()
    status = 400 if form.errors else 200
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and not form.errors:
        respond = csv_response if export == "csv" else xlsx_response
        return respond(f"audit.{export}", _header(), _rows(entries))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        **backoffice_site.each_context(request),
        "title": _("稽核紀錄查詢"),
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "backoffice/audit/search.html", context, status=status)


urlpatterns = [path("", audit_search, name="audit_search")]
