"""Candidate pages for results 成績查詢, score review 成績複查 and disputed questions 疑義.
Thin: each view fetches only the candidate's own objects and calls one service."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.models import ExamSession, Subject
from skillcert.core import clock
from skillcert.core.uploads import DocumentField
from skillcert.portal.access import candidate_required as candidate_only
from skillcert.scoring import disputes, results, reviews
from skillcert.scoring.models import Dispute, Score


@candidate_only
def result_list(request, candidate):
    sessions = results.published_sessions(candidate=candidate)
    return render(request, "scoring/result_list.html", {"sessions": sessions})


@candidate_only
def result_detail(request, candidate, session_id: int):
    result = results.candidate_result(candidate=candidate, session_id=session_id)
    window = reviews.review_window_of(result.session)
    context = {
        "result": result,
        "window": window and [clock.roc_date(day) for day in window],
        "review_open": reviews.review_is_open(result.session) and result.review is None,
    }
    return render(request, "scoring/result_detail.html", context)


class ReviewForm(forms.Form):
    scores = forms.ModelMultipleChoiceField(
        queryset=Score.objects.none(), widget=forms.CheckboxSelectMultiple, label=gettext_lazy("申請複查的考科")
    )
    reason = forms.CharField(
        label=gettext_lazy("說明（選填）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, candidate, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scores"].queryset = Score.objects.filter(candidate=candidate, session=session).select_related(
            "subject"
        )
        self.fields["scores"].label_from_instance = lambda s: (
            f"{s.subject}（{s.score if s.score is not None else '—'}）"
        )


@candidate_only
def review_request(request, candidate, session_id: int):
    result = results.candidate_result(candidate=candidate, session_id=session_id)
    form = ReviewForm(request.POST or None, candidate=candidate, session=result.session)
    if request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_request(
                candidate=candidate,
                session=result.session,
                score_ids=[s.pk for s in form.cleaned_data["scores"]],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("已收到您的成績複查申請，將於 %(due)s 前查復。") % {"due": clock.roc_date(review.due_on)}
            )
            return redirect("portal:result_detail", session_id=session_id)
    return render(request, "scoring/review_form.html", {"result": result, "form": form})


class DisputeForm(forms.Form):
    subject = forms.ModelChoiceField(queryset=Subject.objects.none(), label=gettext_lazy("考科"))
    question = forms.IntegerField(min_value=1, label=gettext_lazy("題號"))
    reason = forms.CharField(label=gettext_lazy("疑義原因及相關說明"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence = DocumentField(label=gettext_lazy("佐證資料（PDF、JPG 或 PNG，選填）"), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = session.level.subjects.all()


def _own_sessions(candidate):
    return (
        ExamSession.objects.filter(registrations__candidate=candidate)
        .select_related("level__brochure__item")
        .distinct()
    )


@candidate_only
def dispute_list(request, candidate):
    sessions = [s for s in _own_sessions(candidate) if disputes.online_filing_open(s)]
    filed = Dispute.objects.filter(candidate=candidate).select_related("session", "subject")
    return render(request, "scoring/dispute_list.html", {"sessions": sessions, "filed": filed})


@candidate_only
def dispute_new(request, candidate, session_id: int):
    session = get_object_or_404(_own_sessions(candidate), pk=session_id)
    form = DisputeForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disputes.dispute_file(
                candidate=candidate,
                session=session,
                subject=data["subject"],
                question=data["question"],
                reason=data["reason"],
                evidence=data["evidence"],
                channel=Dispute.Channel.ONLINE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已收到您的疑義申請。釋覆結果為最終決定；疑義成立者將公告於網站。"))
            return redirect("portal:disputes")
    open_now = disputes.online_filing_open(session)
    context = {"session": session, "form": form, "open_now": open_now}
    status = 400 if request.method == "POST" else 200  # a POST reaching here was refused
    return render(request, "scoring/dispute_form.html", context, status=status)


urlpatterns = [
    path("", result_list, name="results"),
    path("<int:session_id>/", result_detail, name="result_detail"),
    path("<int:session_id>/review/", review_request, name="review_request"),
    path("disputes/", dispute_list, name="disputes"),
    path("disputes/<int:session_id>/", dispute_new, name="dispute_new"),
]
