"""Back-office tools for scoring: imports with row reports, session evaluation, exam-day
deductions, the review queue and replies, disputes (exam-day records) and committee rulings.
Each view checks the staff role and calls one service."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.models import CandidateProfile, StaffRole
from skillcert.backoffice.access import role_required as staff_only
from skillcert.catalog.models import ExamSession
from skillcert.examday.attendance import attendance_conflicts
from skillcert.scoring import disputes, imports, reviews, services
from skillcert.scoring.evaluation import session_evaluate
from skillcert.scoring.models import Deduction, Dispute, Ruling, Score, ScoreImport, ScoreReview
from skillcert.scoring.selectors import certified_in_sitting

SCORING_ROLES = (StaffRole.REVIEWER, StaffRole.ITEM_OFFICER)


def _session(pk) -> ExamSession:
    return get_object_or_404(ExamSession.objects.select_related("level__brochure__item"), pk=pk)


@staff_only(*SCORING_ROLES)
def index(request):
    sessions = ExamSession.objects.select_related("level__brochure__item").order_by("-exam_date")[:50]
    return render(request, "backoffice/scoring/index.html", {"sessions": sessions})


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=ScoreImport.Kind.choices, label=gettext_lazy("檔案類別"))
    subject = forms.ModelChoiceField(queryset=None, label=gettext_lazy("考科"))
    file = forms.FileField(label=gettext_lazy("檔案（.xlsx 或 UTF-8 .csv）"))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = session.level.subjects.all()


@staff_only(*SCORING_ROLES)
def session_detail(request, pk: int):
    session = _session(pk)
    form = ImportForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = imports.IMPORTERS[data["kind"]](
                session=session, subject=data["subject"], uploaded_file=data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("backoffice_tools:scoring_import_report", pk=record.pk)
    context = {
        "session": session,
        "form": form,
        "imports": session.score_imports.select_related("subject")[:20],
        "conflicts": attendance_conflicts(session=session),
        "counts": {
            "scores": Score.objects.filter(session=session).count(),
            "certified": certified_in_sitting(session=session).count(),
        },
    }
    status = 400 if request.method == "POST" else 200  # a refused file: a clear 4xx
    return render(request, "backoffice/scoring/session.html", context, status=status)


@staff_only(*SCORING_ROLES)
def import_report(request, pk: int):
    record = get_object_or_404(ScoreImport.objects.select_related("session", "subject"), pk=pk)
    return render(request, "backoffice/scoring/import_report.html", {"record": record})


@require_POST
@staff_only(*SCORING_ROLES)
def evaluate(request, pk: int):
    summary = session_evaluate(session=_session(pk), actor=request.user)
    messages.success(
        request,
        _("已評定 %(n)s 位考生，取得授證資格 %(c)s 位（本次新增 %(new)s 位）。")
        % {"n": summary.evaluated, "c": summary.certified, "new": summary.newly_certified},
    )
    return redirect("backoffice_tools:scoring_session", pk=pk)


class IncidentForm(forms.Form):
    national_id = forms.CharField(label=gettext_lazy("身分證字號"), max_length=10)
    subject = forms.ModelChoiceField(queryset=None, label=gettext_lazy("考科"))
    kind = forms.ChoiceField(
        choices=[("", "—"), *Deduction.Kind.choices, ("dispute", gettext_lazy("疑義考題紀錄單"))],
        label=gettext_lazy("紀錄事項"),
    )
    points = forms.IntegerField(label=gettext_lazy("扣分（5–20）"), required=False, min_value=0, max_value=20)
    question = forms.IntegerField(label=gettext_lazy("疑義題號"), required=False, min_value=1)
    note = forms.CharField(label=gettext_lazy("說明／疑義原因"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = session.level.subjects.all()


@staff_only(StaffRole.VENUE, *SCORING_ROLES)
def incident(request, pk: int):
    """Exam-day records: a rule breach on a subject, or a disputed question the proctor wrote down."""
    session = _session(pk)
    form = IncidentForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = CandidateProfile.objects.filter(national_id=data["national_id"].upper()).first()
        try:
            if candidate is None:
                raise ValidationError(_("查無此身分證字號的考生。"))
            if data["kind"] == "dispute":
                disputes.dispute_file(
                    candidate=candidate, session=session, subject=data["subject"], question=data["question"] or 0,
                    reason=data["note"], channel=Dispute.Channel.EXAM_DAY, actor=request.user,
                )  # fmt: skip
            else:
                score = Score.objects.filter(candidate=candidate, session=session, subject=data["subject"]).first()
                if score is None:
                    raise ValidationError(_("此考生沒有此考科的成績紀錄，請先匯入成績。"))
                services.deduction_record(
                    score=score, kind=data["kind"], points=data["points"] or 0, note=data["note"], actor=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已記錄。"))
            return redirect("backoffice_tools:scoring_incident", pk=pk)
    return render(request, "backoffice/scoring/incident.html", {"session": session, "form": form})


@staff_only(StaffRole.REVIEWER)
def review_queue(request):
    open_reviews = ScoreReview.objects.exclude(status="replied").select_related("candidate", "session")
    return render(request, "backoffice/scoring/review_queue.html", {"reviews": open_reviews})


def _corrections(post, review) -> dict[int, Decimal | None]:
    corrections = {}
    for item in review.items.all():
        text = post.get(f"raw_{item.score_id}", "").strip()
        if text == "":
            continue
        if text == "缺考":
            corrections[item.score_id] = None
            continue
        try:
            corrections[item.score_id] = Decimal(text)
        except InvalidOperation as error:
            raise ValidationError(_("更正分數「%(v)s」不是數字。") % {"v": text}) from error
    return corrections


@staff_only(StaffRole.REVIEWER)
def review_detail(request, pk: int):
    review = get_object_or_404(ScoreReview.objects.select_related("candidate", "session"), pk=pk)
    error = None
    if request.method == "POST" and request.POST.get("extend"):
        try:
            reviews.review_extend(
                review=review,
                due_on=forms.DateField().clean(request.POST.get("due_on")),
                reason=request.POST.get("extend_reason", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("已延長查復期限並通知考生。"))
            return redirect("backoffice_tools:scoring_review", pk=pk)
    elif request.method == "POST":
        try:
            reviews.review_reply(
                review=review,
                actor=request.user,
                reply=request.POST.get("reply", ""),
                checked_attendance=bool(request.POST.get("checked_attendance")),
                checked_deductions=bool(request.POST.get("checked_deductions")),
                rescored=bool(request.POST.get("rescored")),
                corrections=_corrections(request.POST, review),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("已查復並通知考生。"))
            return redirect("backoffice_tools:scoring_reviews")
    items = review.items.select_related("score__subject").prefetch_related("score__deductions")
    return render(
        request,
        "backoffice/scoring/review.html",
        {"review": review, "items": items, "error": error, "post": request.POST},
    )


class RulingForm(forms.Form):
    subject = forms.ModelChoiceField(queryset=None, label=gettext_lazy("考科"))
    question = forms.IntegerField(min_value=1, label=gettext_lazy("題號"))
    decision = forms.ChoiceField(choices=Ruling.Decision.choices, label=gettext_lazy("釋覆結果"))
    options = forms.CharField(label=gettext_lazy("給分選項（如 B 或 A,C）"), required=False, max_length=10)
    note = forms.CharField(
        label=gettext_lazy("委員會說明（內部）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = session.level.subjects.all()


@staff_only(*SCORING_ROLES)
def dispute_board(request, pk: int):
    session = _session(pk)
    form = RulingForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ruling, changed = disputes.ruling_record(
                session=session, subject=data["subject"], question=data["question"], decision=data["decision"],
                options=data["options"], note=data["note"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已記錄釋覆結果；重新計分 %(n)s 筆成績。") % {"n": changed})
            return redirect("backoffice_tools:scoring_disputes", pk=pk)
    filed = session.disputes.select_related("candidate", "subject")
    rulings = session.rulings.select_related("subject")
    return render(
        request,
        "backoffice/scoring/disputes.html",
        {"session": session, "form": form, "filed": filed, "rulings": rulings},
    )


urlpatterns = [
    path("", index, name="scoring_index"),
    path("sessions/<int:pk>/", session_detail, name="scoring_session"),
    path("sessions/<int:pk>/evaluate/", evaluate, name="scoring_evaluate"),
    path("sessions/<int:pk>/incidents/", incident, name="scoring_incident"),
    path("sessions/<int:pk>/disputes/", dispute_board, name="scoring_disputes"),
    path("imports/<int:pk>/", import_report, name="scoring_import_report"),
    path("reviews/", review_queue, name="scoring_reviews"),
    path("reviews/<int:pk>/", review_detail, name="scoring_review"),
]
