"""A candidate asks for 身心障礙應考服務 on an existing registration (group candidates mainly:
the coordinator's upload cannot carry the document). Thin: parse, check access, call one service."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.accounts.views import posted
from skillcert.core.uploads import DocumentField
from skillcert.registrations import selectors
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.forms import RegistrationChoiceForm
from skillcert.registrations.special_needs import special_needs_request

from .access import candidate_required

NEEDS_FIELDS = ("extra_minutes", "enlarged_paper", "ground_floor", "seat", "other")


class SpecialNeedsForm(forms.Form):
    document = DocumentField(label=gettext_lazy("身心障礙證明或公立醫院診斷證明（PDF、JPG 或 PNG）"))

    def needs(self) -> dict:
        return {**(RegistrationChoiceForm.special_needs(self) or {}), "document": self.cleaned_data["document"]}


# The same fields, labels and limits as the registration form's special-needs part.
SpecialNeedsForm.base_fields = {
    **{name: RegistrationChoiceForm.base_fields[name] for name in NEEDS_FIELDS},
    **SpecialNeedsForm.base_fields,
}


@candidate_required
def special_needs_new(request, candidate, pk: int):
    registration = selectors.registration_for_candidate(candidate=candidate, pk=pk)
    form = SpecialNeedsForm(posted(request), request.FILES or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            special_needs_request(registration=registration, actor=request.user, needs=form.needs())
        except RegistrationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("應考服務申請已送出，審核結果會顯示於報名資料。"))
            return redirect("portal:registration_detail", pk=registration.pk)
    context = {"form": form, "registration": registration}
    return render(request, "portal/special_needs_form.html", context, status=status)


urlpatterns = [path("<int:pk>/", special_needs_new, name="special_needs_new")]
