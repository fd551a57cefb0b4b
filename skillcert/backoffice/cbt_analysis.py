"""Back office: the item analysis report of a delivered test form (issue 11), for the item
reviewers, the item officer and the disputed-question committee (scoring reviewers)."""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from skillcert.backoffice.access import role_required
from skillcert.cbt import access, analysis
from skillcert.cbt.models import TestForm

ANALYSTS = access.ANALYSTS


@role_required(*ANALYSTS)
def forms_index(request):
    """The frozen forms, newest sitting first, each linking to its item analysis."""
    forms = (
        TestForm.objects.filter(status=TestForm.Status.FROZEN)
        .select_related("sitting__subject", "sitting__session")
        .order_by("-sitting__session__exam_date", "sitting__subject__number")[:100]
    )
    return render(request, "backoffice/cbt/analysis_index.html", {"forms": forms})


@role_required(*ANALYSTS)
def form_analysis(request, form_pk: int):
    form = get_object_or_404(TestForm.objects.select_related("sitting__subject", "sitting__session"), pk=form_pk)
    count, stats = analysis.form_item_analysis(form=form)
    return render(request, "backoffice/cbt/analysis.html", {"form": form, "count": count, "stats": stats})


urlpatterns = [
    path("analysis/", forms_index, name="cbt_analysis_index"),
    path("forms/<int:form_pk>/analysis/", form_analysis, name="cbt_form_analysis"),
]
