"""Group portal: change requests 異動申請 (考科、考區、術科考場) for the group's candidates, filed by
the coordinator before the group registration deadline and decided by staff (SPEC §7)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.forms import NoLabelSuffix
from skillcert.accounts.views import posted
from skillcert.catalog.models import Venue
from skillcert.groups import selectors
from skillcert.groups.changes import group_change_request_create
from skillcert.groups.errors import GroupError
from skillcert.registrations.models import CLOSED_STATES

from .views import coordinator_required


class ChangeRequestForm(NoLabelSuffix, forms.Form):
    registration = forms.TypedChoiceField(label=gettext_lazy("考生"), coerce=int)
    subjects = forms.ModelMultipleChoiceField(
        label=gettext_lazy("改報考科：請勾選異動後的全部考科（不改請勿勾選）"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    region = forms.ModelChoiceField(
        label=gettext_lazy("改至考區（不改請留空）"), queryset=None, required=False, empty_label="—"
    )
    practical_venue = forms.ModelChoiceField(
        label=gettext_lazy("改至術科考場（不改請留空）"), queryset=None, required=False, empty_label="—"
    )
    reason = forms.CharField(label=gettext_lazy("申請原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, sitting, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        session = sitting.session
        self.fields["registration"].choices = [
            (r.pk, f"{r.candidate.name_zh} {r.candidate.national_id} · #{r.pk}") for r in registrations
        ]
        self.fields["subjects"].queryset = session.level.subjects.order_by("number")
        self.fields["region"].queryset = session.regions.order_by("pk")
        self.fields["practical_venue"].queryset = Venue.objects.filter(region__in=session.regions.all()).order_by(
            "region", "pk"
        )


@coordinator_required
def change_requests(request, coordinator, pk):
    """The sitting's change requests with their decisions, and the form for a new one."""
    sitting = selectors.sitting_for_coordinator(user=request.user, pk=pk)
    registrations = list(
        selectors.sitting_rows(sitting=sitting).exclude(status__in=CLOSED_STATES).select_related("candidate")
    )
    form = ChangeRequestForm(posted(request), sitting=sitting, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(r for r in registrations if r.pk == data["registration"])
        try:
            group_change_request_create(
                sitting=sitting, registration=chosen, subjects=data["subjects"], region=data["region"],
                practical_venue=data["practical_venue"], reason=data["reason"], actor=request.user,
            )  # fmt: skip
        except GroupError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("異動申請已送出，審核結果會顯示於此並寄信通知。"))
            return redirect("groupportal:change_requests", pk=sitting.pk)
    changes = sitting.change_requests.select_related(
        "registration__candidate", "registration__region", "region", "practical_venue"
    ).prefetch_related("subjects")
    return render(request, "groupportal/change_requests.html", {"sitting": sitting, "form": form, "changes": changes})


urlpatterns = [path("sittings/<int:pk>/changes/", change_requests, name="change_requests")]
