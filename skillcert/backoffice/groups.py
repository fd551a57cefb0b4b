"""Back-office tools for groups 團報: verify coordinators (item officer), record a group's
remittance (finance), decide dedicated-venue, refund and change requests. Each view checks the role,
calls one `skillcert.groups` service (audited) and shows the outcome."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.core import clock
from skillcert.groups import selectors, services
from skillcert.groups.changes import group_change_decide
from skillcert.groups.errors import GroupError
from skillcert.groups.models import (
    Coordinator,
    GroupChangeRequest,
    GroupRefundRequest,
    GroupSitting,
    Organisation,
    RequestStatus,
    VenueRequest,
)
from skillcert.groups.remittances import RemittanceGap, remittance_record, unpaid_registrations

OFFICERS = (StaffRole.ITEM_OFFICER,)
FINANCE = (StaffRole.FINANCE,)


@role_required(*OFFICERS, *FINANCE)
def index(request):
    return render(
        request,
        "backoffice/groups/index.html",
        {"pending": Coordinator.objects.filter(verified_at__isnull=True).select_related("organisation", "user"),
         "recognitions": Organisation.objects.filter(
             recognition_signed_on__isnull=False, recognition_confirmed_at__isnull=True).order_by("name"),
         "sittings": GroupSitting.objects.select_related("organisation", "session").order_by("-created_at")[:200],
         "venue_requests": VenueRequest.objects.filter(status=RequestStatus.SUBMITTED).select_related(
             "group_sitting__organisation", "group_sitting__session"),
         "refund_requests": GroupRefundRequest.objects.filter(status=RequestStatus.SUBMITTED).select_related(
             "group_sitting__organisation", "group_sitting__session")},
    )  # fmt: skip


@require_POST
@role_required(*OFFICERS)
def coordinator_verify(request, pk):
    coordinator = get_object_or_404(Coordinator, pk=pk)
    services.coordinator_verify(coordinator=coordinator, actor=request.user)
    messages.success(request, _("已認證團報窗口：%(name)s") % {"name": coordinator})
    return redirect("backoffice_tools:groups_index")


@require_POST
@role_required(*OFFICERS)
def recognition_confirm(request, pk):
    """Confirm an organisation's signed iPAS recognition 認同 (the 認同方案 of its candidates)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.organisation_recognition_confirm(organisation=organisation, actor=request.user)
    except GroupError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已確認 iPAS 認同：%(name)s") % {"name": organisation.name})
    return redirect("backoffice_tools:groups_index")


class RemittanceForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("匯款金額"), min_value=1)
    remitted_on = forms.DateField(label=gettext_lazy("匯款日期"), widget=forms.DateInput(attrs={"type": "date"}))
    bank_reference = forms.CharField(label=gettext_lazy("銀行交易序號"), max_length=40)
    registrations = forms.TypedMultipleChoiceField(
        label=gettext_lazy("本筆匯款所繳的報名（金額與應繳總額不符時才需勾選）"),
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


@role_required(*FINANCE)
def remittance(request, pk):
    """Record a group remittance: the exact total pays everyone; otherwise the gap is shown."""
    sitting = get_object_or_404(GroupSitting.objects.select_related("organisation", "session"), pk=pk)
    unpaid = list(unpaid_registrations(sitting=sitting))
    form = RemittanceForm(request.POST or None)
    form.fields["registrations"].choices = [(r.pk, f"#{r.pk} {r.candidate.name_zh} NT$ {r.amount}") for r in unpaid]
    gap = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = remittance_record(
                sitting=sitting, amount=data["amount"], remitted_on=data["remitted_on"],
                bank_reference=data["bank_reference"], actor=request.user,
                registration_ids=data["registrations"] or None,
            )  # fmt: skip
        except RemittanceGap as error:
            gap = error
            form.add_error(None, error)
        except GroupError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("已入帳 %(count)s 筆報名，發票 %(invoice)s。")
                % {"count": recorded.registrations.count(), "invoice": recorded.invoice.number},
            )
            return redirect("backoffice_tools:groups_remittance", pk=sitting.pk)
    return render(
        request,
        "backoffice/groups/remittance.html",
        {"sitting": sitting, "form": form, "due": selectors.amount_due(sitting=sitting), "unpaid": unpaid, "gap": gap,
         "remittances": sitting.remittances.select_related("invoice"), "today": clock.today()},
    )  # fmt: skip


def _decision_view(model, service, roles, done="backoffice_tools:groups_index"):
    @require_POST
    @role_required(*roles)
    def view(request, pk):
        obj = get_object_or_404(model, pk=pk)
        approved = request.POST.get("decision") == "approve"
        try:
            service(**{_DECIDED_AS.get(model, "refund"): obj}, approved=approved,
                    note=request.POST.get("note", ""), actor=request.user)  # fmt: skip
        except GroupError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已記錄審核結果。"))
        return redirect(done)

    return view


_DECIDED_AS = {VenueRequest: "request", GroupChangeRequest: "change"}


@role_required(*OFFICERS)
def change_requests(request):
    """Group change requests 團報異動申請 awaiting a decision (item officer or admin)."""
    pending = (
        GroupChangeRequest.objects.filter(status=RequestStatus.SUBMITTED)
        .select_related("group_sitting__organisation", "group_sitting__session", "registration__candidate",
                        "registration__region", "registration__practical_venue", "region", "practical_venue")
        .prefetch_related("subjects", "registration__subjects__subject")
        .order_by("created_at")
    )  # fmt: skip
    return render(request, "backoffice/groups/change_requests.html", {"pending": pending})


venue_decide = _decision_view(VenueRequest, services.venue_request_decide, OFFICERS)
refund_decide = _decision_view(GroupRefundRequest, services.group_refund_decide, (*OFFICERS, *FINANCE))
change_decide = _decision_view(
    GroupChangeRequest, group_change_decide, OFFICERS, done="backoffice_tools:groups_change_requests"
)

urlpatterns = [
    path("", index, name="groups_index"),
    path("coordinators/<int:pk>/verify/", coordinator_verify, name="groups_coordinator_verify"),
    path("organisations/<int:pk>/recognition/", recognition_confirm, name="groups_recognition_confirm"),
    path("sittings/<int:pk>/remittance/", remittance, name="groups_remittance"),
    path("venue-requests/<int:pk>/decide/", venue_decide, name="groups_venue_decide"),
    path("refund-requests/<int:pk>/decide/", refund_decide, name="groups_refund_decide"),
    path("change-requests/", change_requests, name="groups_change_requests"),
    path("change-requests/<int:pk>/decide/", change_decide, name="groups_change_decide"),
]
