"""Back-office tools for the computer-based test's item bank (issue 11): write and revise an
item, import a QTI package or a spreadsheet with the item-by-item report, export a subject's
approved items as QTI, and assemble and freeze a sitting's test form. Each view checks the
role and calls one service (which checks again and audits)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.backoffice.access import role_required
from skillcert.catalog.models import SessionSubject, Subject
from skillcert.cbt import access, qti, rules, selectors, services, spreadsheet, testforms
from skillcert.cbt.models import Blueprint, Difficulty, ItemImport, ItemVersion, TestForm

BANK_ROLES = (*access.WRITERS, *access.FORM_BUILDERS)


@role_required(*BANK_ROLES)
def index(request):
    return render(request, "backoffice/cbt/index.html", {"subjects": selectors.cbt_subjects()})


class ItemForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=None, label=gettext_lazy("評鑑內容"))
    difficulty = forms.TypedChoiceField(choices=Difficulty.choices, coerce=int, label=gettext_lazy("難易度"))
    stem = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=gettext_lazy("題幹"))
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label=gettext_lazy("選項（每行一個，依 A、B、C… 順序）")
    )
    answer = forms.CharField(max_length=1, label=gettext_lazy("正確選項字母"))
    figure = forms.FileField(required=False, label=gettext_lazy("附圖（JPG 或 PNG）"))
    figure_alt = forms.CharField(required=False, max_length=200, label=gettext_lazy("附圖說明"))

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = subject.topics.all()

    def item_fields(self) -> dict:
        data = self.cleaned_data
        answer = data["answer"].upper()
        return {
            "topic": data["topic"], "difficulty": data["difficulty"], "stem": data["stem"],
            "options": [line for line in data["options"].splitlines() if line.strip()],
            "correct": rules.LETTERS.index(answer) if answer in rules.LETTERS else None,
            "figure": data["figure"], "figure_alt": data["figure_alt"],
        }  # fmt: skip


def _item_page(request, *, subject, version=None):
    initial = {}
    if version is not None:
        initial = {
            "topic": version.topic_id, "difficulty": version.difficulty, "stem": version.stem,
            "options": "\n".join(version.options), "answer": rules.letter(version.correct),
            "figure_alt": version.figure_alt,
        }  # fmt: skip
    form = ItemForm(request.POST or None, request.FILES or None, subject=subject, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if version is None:
                saved = services.item_create(subject=subject, actor=request.user, **form.item_fields())
            else:
                saved = services.item_revise(version=version, actor=request.user, **form.item_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已儲存 %(v)s（%(s)s）。") % {"v": saved, "s": saved.get_status_display()})
            return redirect("backoffice_tools:cbt_item_edit", pk=saved.pk)
    if request.method == "POST":
        status = 400
    context = {"subject": subject, "form": form, "version": version}
    return render(request, "backoffice/cbt/item_form.html", context, status=status)


@role_required(*access.WRITERS)
def item_new(request, subject_pk: int):
    return _item_page(request, subject=get_object_or_404(Subject, pk=subject_pk))


@role_required(*BANK_ROLES)
def item_edit(request, pk: int):
    version = get_object_or_404(ItemVersion.objects.select_related("item__subject", "topic"), pk=pk)
    if request.method == "POST":
        access.require_writer(request.user)
    return _item_page(request, subject=version.item.subject, version=version)


@role_required(*BANK_ROLES)
def figure(request, pk: int):
    version = get_object_or_404(ItemVersion.objects.exclude(figure=""), pk=pk)
    return FileResponse(version.figure.open("rb"), as_attachment=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("檔案"))


IMPORTERS = {ItemImport.Kind.QTI: qti.qti_import, ItemImport.Kind.SPREADSHEET: spreadsheet.spreadsheet_import}


@role_required(*access.WRITERS)
def item_import(request, subject_pk: int, kind: str):
    subject = get_object_or_404(Subject, pk=subject_pk)
    if kind not in IMPORTERS:
        return HttpResponse(status=404)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                record = IMPORTERS[kind](subject=subject, uploaded_file=form.cleaned_data["file"], actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("backoffice_tools:cbt_import_report", pk=record.pk)
    context = {"subject": subject, "form": form, "kind": ItemImport.Kind(kind)}
    return render(request, "backoffice/cbt/import.html", context, status=status)


@role_required(*BANK_ROLES)
def import_report(request, pk: int):
    record = get_object_or_404(ItemImport.objects.select_related("subject"), pk=pk)
    return render(request, "backoffice/cbt/import_report.html", {"record": record})


@role_required(*BANK_ROLES)
def qti_export(request, subject_pk: int):
    subject = get_object_or_404(Subject, pk=subject_pk)
    response = HttpResponse(qti.subject_export(subject=subject, actor=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="qti-{subject.code}.zip"'
    return response


class AssembleForm(forms.Form):
    blueprint = forms.ModelChoiceField(queryset=None, label=gettext_lazy("命題藍圖"))
    seed = forms.IntegerField(required=False, min_value=0, label=gettext_lazy("亂數種子（空白＝隨機）"))

    def __init__(self, *args, sitting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blueprint"].queryset = Blueprint.objects.filter(subject=sitting.subject_id)


@role_required(*access.FORM_BUILDERS)
def sitting_form(request, sitting_pk: int):
    sitting = get_object_or_404(SessionSubject.objects.select_related("session", "subject"), pk=sitting_pk)
    form = AssembleForm(request.POST or None, sitting=sitting)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                testforms.form_assemble(sitting=sitting, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已完成組卷。"))
                return redirect("backoffice_tools:cbt_sitting_form", sitting_pk=sitting.pk)
    test_form = TestForm.objects.filter(sitting=sitting).first()
    context = {
        "sitting": sitting, "form": form, "test_form": test_form,
        "items": testforms.form_items(form=test_form) if test_form else [],
    }  # fmt: skip
    return render(request, "backoffice/cbt/sitting_form.html", context, status=status)


@require_POST
@role_required(*access.FORM_BUILDERS)
def freeze(request, sitting_pk: int):
    test_form = get_object_or_404(TestForm, sitting=sitting_pk)
    try:
        testforms.form_freeze(form=test_form, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("試卷已封存，標準答案已寫入成績作業。"))
    return redirect("backoffice_tools:cbt_sitting_form", sitting_pk=sitting_pk)


urlpatterns = [
    path("", index, name="cbt_index"),
    path("subjects/<int:subject_pk>/items/new/", item_new, name="cbt_item_new"),
    path("items/<int:pk>/", item_edit, name="cbt_item_edit"),
    path("items/<int:pk>/figure/", figure, name="cbt_figure"),
    path("subjects/<int:subject_pk>/import/<str:kind>/", item_import, name="cbt_import"),
    path("imports/<int:pk>/", import_report, name="cbt_import_report"),
    path("subjects/<int:subject_pk>/export.zip", qti_export, name="cbt_export"),
    path("sittings/<int:sitting_pk>/form/", sitting_form, name="cbt_sitting_form"),
    path("sittings/<int:sitting_pk>/form/freeze/", freeze, name="cbt_freeze"),
]
