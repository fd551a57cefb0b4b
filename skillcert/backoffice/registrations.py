"""Back-office tools for registrations: the eligibility review queue (plan documents and
special-needs services), refund applications, and staff edits before the deadline.
Each view checks the staff role and calls one service."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.models import StaffRole
from skillcert.backoffice.access import role_required
from skillcert.catalog.models import SeatPool, Subject, Venue
from skillcert.core.documents import document_response
from skillcert.registrations import edits, refunds, services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import (
    CLOSED_STATES,
    PlanDocument,
    RefundAttachment,
    RefundRequest,
    RefundStatus,
    Registration,
    RegistrationStatus,
    SpecialNeeds,
)

officer_required = role_required(StaffRole.ITEM_OFFICER)
finance_required = role_required(StaffRole.FINANCE)


def _done(request, error: RegistrationError | None, ok: str):
    if error is None:
        messages.success(request, ok)
    else:
        messages.error(request, " ".join(error.messages))


@officer_required
def review_queue(request):
    registrations = (
        Registration.objects.filter(status=RegistrationStatus.AWAITING_REVIEW)
        .select_related("candidate", "session")
        .prefetch_related("documents", "subjects__subject")
        .order_by("created_at")
    )
    needs = (
        SpecialNeeds.objects.filter(decided_at__isnull=True)
        .exclude(registration__status__in=CLOSED_STATES)
        .exclude(document="")  # asked in a group upload, awaiting the candidate's document
        .select_related("registration__candidate", "registration__session")
        .order_by("requested_at")
    )
    return render(
        request, "backoffice/registrations/review_queue.html", {"registrations": registrations, "needs": needs}
    )


@require_POST
@officer_required
def eligibility_decide(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    approved = request.POST.get("decision") == "approve"
    error = None
    try:
        services.registration_approve_eligibility(
            registration=registration, actor=request.user, approved=approved, reason=request.POST.get("reason", "")
        )
    except RegistrationError as exc:
        error = exc
    _done(request, error, _("已完成資格審核。"))
    return redirect("backoffice_tools:review_queue")


YES_NO = [("", "—"), ("1", gettext_lazy("同意")), ("0", gettext_lazy("不同意"))]


class SpecialNeedsDecisionForm(forms.Form):
    approved_minutes = forms.IntegerField(
        label=gettext_lazy("核准延長分鐘（每科）"), min_value=0, max_value=20, required=False
    )
    enlarged_paper = forms.TypedChoiceField(
        label=gettext_lazy("放大試題"), choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False
    )
    ground_floor = forms.TypedChoiceField(
        label=gettext_lazy("一樓或電梯"), choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False
    )
    seat = forms.TypedChoiceField(
        label=gettext_lazy("座位安排"), choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False
    )
    other = forms.TypedChoiceField(
        label=gettext_lazy("其他需求"), choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False
    )
    note = forms.CharField(label=gettext_lazy("審核說明（考生可見）"), required=False, max_length=300)

    def __init__(self, *args, needs: SpecialNeeds, **kwargs):
        super().__init__(*args, **kwargs)
        asked = set(needs.requested_items())
        if "extra_minutes" not in asked:
            del self.fields["approved_minutes"]
        for name in ("enlarged_paper", "ground_floor", "seat", "other"):
            if name not in asked:
                del self.fields[name]


@officer_required
def special_needs_decide(request, pk: int):
    needs = get_object_or_404(SpecialNeeds.objects.select_related("registration__candidate"), pk=pk)
    form = SpecialNeedsDecisionForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            edits.special_needs_decide(special_needs=needs, actor=request.user, **form.cleaned_data)
        except RegistrationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("已完成應考服務審核。"))
            return redirect("backoffice_tools:review_queue")
    return render(request, "backoffice/registrations/special_needs.html", {"needs": needs, "form": form})


@finance_required
def refund_queue(request):
    refunds = (
        RefundRequest.objects.filter(status__in=[RefundStatus.SUBMITTED, RefundStatus.APPROVED])
        .select_related("registration__candidate", "registration__session")
        .order_by("created_at")
    )
    return render(request, "backoffice/registrations/refund_queue.html", {"refunds": refunds})


class RefundDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("審核結果"),
        choices=[("approve", gettext_lazy("符合退費規定")), ("refuse", gettext_lazy("不符合退費規定"))],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(label=gettext_lazy("可退費金額（空白表示同申請金額）"), min_value=1, required=False)
    note = forms.CharField(label=gettext_lazy("說明（考生可見）"), required=False, max_length=300)


class RefundPaidForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("實際退款金額"), min_value=1)
    paid_on = forms.DateField(label=gettext_lazy("退款日期"), widget=forms.DateInput(attrs={"type": "date"}))


@finance_required
def refund_decide(request, pk: int):
    refund = get_object_or_404(
        RefundRequest.objects.select_related("registration__candidate", "registration__session"), pk=pk
    )
    data = request.POST if request.method == "POST" else None
    decide = RefundDecisionForm(data if refund.status == RefundStatus.SUBMITTED else None)
    record = RefundPaidForm(
        data if refund.status == RefundStatus.APPROVED else None, initial={"amount": refund.approved_amount}
    )
    try:
        if data and refund.status == RefundStatus.SUBMITTED and decide.is_valid():
            refunds.refund_decide(
                refund=refund,
                actor=request.user,
                approved=decide.cleaned_data["decision"] == "approve",
                amount=decide.cleaned_data["amount"],
                note=decide.cleaned_data["note"],
            )
            messages.success(request, _("已完成退費審核。"))
            return redirect("backoffice_tools:refund_decide", pk=refund.pk)
        if data and refund.status == RefundStatus.APPROVED and record.is_valid():
            refunds.refund_record_paid(refund=refund, actor=request.user, **record.cleaned_data)
            messages.success(request, _("已登錄退款。"))
            return redirect("backoffice_tools:refund_queue")
    except RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    context = {"refund": refund, "decide": decide, "record": record}
    return render(request, "backoffice/registrations/refund.html", context)


class StaffEditForm(forms.Form):
    subjects = forms.ModelMultipleChoiceField(
        label=gettext_lazy("報考考科"), queryset=Subject.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    practical_venue = forms.ModelChoiceField(
        label=gettext_lazy("術科考場"), queryset=Venue.objects.none(), required=False
    )
    national_id = forms.CharField(label=gettext_lazy("身分證字號/居留證號"), max_length=10)
    reason = forms.CharField(label=gettext_lazy("修改原因"), max_length=200)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.filter(level_id=registration.session.level_id)
        venues = SeatPool.objects.filter(session=registration.session, venue__isnull=False).values("venue")
        self.fields["practical_venue"].queryset = Venue.objects.filter(pk__in=venues)


@officer_required
def registration_edit(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("candidate", "session"), pk=pk)
    initial = {
        "subjects": list(registration.subjects.filter(dropped=False).values_list("subject_id", flat=True)),
        "national_id": registration.candidate.national_id,
        "practical_venue": registration.practical_venue_id,
    }
    form = StaffEditForm(request.POST or None, registration=registration, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subjects_changed = {s.pk for s in data["subjects"]} != set(initial["subjects"])
        try:
            edits.registration_staff_update(
                registration=registration,
                actor=request.user,
                subjects=list(data["subjects"]) if subjects_changed else None,
                practical_venue=data["practical_venue"]
                if data["practical_venue"] and data["practical_venue"].pk != initial["practical_venue"]
                else None,
                national_id=data["national_id"] if data["national_id"] != initial["national_id"] else None,
                reason=data["reason"],
            )
        except RegistrationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("報名資料已修改。"))
            return redirect("backoffice_tools:registration_edit", pk=registration.pk)
    return render(request, "backoffice/registrations/edit.html", {"registration": registration, "form": form})


# Who opens each kind of evidence: only the role that decides on it (least privilege: finance,
# who decides refunds, never opens a special-needs medical document). kind: (model, file field, role)
DOCUMENTS = {
    "plan": (PlanDocument, "file", StaffRole.ITEM_OFFICER),
    "special": (SpecialNeeds, "document", StaffRole.ITEM_OFFICER),
    "refund": (RefundAttachment, "file", StaffRole.FINANCE),
}


def document(request, kind: str, pk: int):
    """Evidence files are not public media: staff open them through this check."""
    if kind not in DOCUMENTS:
        raise Http404
    model, field, role = DOCUMENTS[kind]

    @role_required(role)
    def serve(request):
        obj = get_object_or_404(model, pk=pk)
        return document_response(getattr(obj, field), name=f"{kind}-{pk}")

    return serve(request)


urlpatterns = [
    path("reviews/", review_queue, name="review_queue"),
    path("reviews/<int:pk>/eligibility/", eligibility_decide, name="eligibility_decide"),
    path("special-needs/<int:pk>/", special_needs_decide, name="special_needs_decide"),
    path("refunds/", refund_queue, name="refund_queue"),
    path("refunds/<int:pk>/", refund_decide, name="refund_decide"),
    path("<int:pk>/edit/", registration_edit, name="registration_edit"),
    path("documents/<str:kind>/<int:pk>/", document, name="registration_document"),
]
