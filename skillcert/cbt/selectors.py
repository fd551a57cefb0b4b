"""Reads of the item bank, test forms and attempts for the back office, exports and the API."""

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery

from skillcert.catalog.models import SessionSubject, Subject

from .models import Attempt, FormItem, Item, ItemVersion, TestForm


def cbt_subjects():
    """CBT subjects with their bank counts by status, and their sittings (for forms)."""
    Status = ItemVersion.Status
    counts = {
        f"n_{status}": Count("cbt_items__versions", filter=Q(cbt_items__versions__status=status))
        for status in Status.values
    }
    subjects = (
        Subject.objects.filter(format=Subject.Format.CBT).select_related("level__brochure__item").annotate(**counts)
    )
    sittings = (
        SessionSubject.objects.filter(subject__in=subjects).select_related("session").order_by("-session__exam_date")
    )
    by_subject = {}
    for sitting in sittings:
        by_subject.setdefault(sitting.subject_id, []).append(sitting)
    return [(subject, by_subject.get(subject.pk, [])[:5]) for subject in subjects]


def approved_versions(*, subject):
    return (
        ItemVersion.objects.filter(item__subject=subject, status=ItemVersion.Status.APPROVED)
        .select_related("item", "topic")
        .order_by("item__code")
    )


def bank_items(*, subject_id=None, status=None):
    """Items of the bank with every version (prefetched, newest first, with its topic);
    `status` keeps the items having a version in that status."""
    versions = ItemVersion.objects.select_related("topic").order_by("-number")
    items = Item.objects.prefetch_related(Prefetch("versions", queryset=versions))
    if subject_id is not None:
        items = items.filter(subject_id=subject_id)
    if status is not None:
        items = items.filter(versions__status=status).distinct()
    return items


def test_forms(*, session_id=None, subject_id=None, status=None):
    """Test forms with their sitting (session and subject) and their number of questions."""
    forms = TestForm.objects.select_related("sitting__subject").annotate(questions=Count("items"))
    filters = {"sitting__session_id": session_id, "sitting__subject_id": subject_id, "status": status}
    return forms.filter(**{key: value for key, value in filters.items() if value is not None})


def sitting_attempts(*, session_id=None, period_id=None, room_id=None, status=None):
    """Candidates' attempts with their progress: questions on the form, answered, flagged and
    the last save (the proctor console's figures, for every room of a sitting)."""
    questions = (
        FormItem.objects.filter(form=OuterRef("form_id")).order_by().values("form").annotate(n=Count("id")).values("n")
    )
    attempts = Attempt.objects.select_related("registration", "opening").annotate(
        questions=Subquery(questions),
        answered=Count("answers", filter=~Q(answers__choice="")),
        flagged_count=Count("answers", filter=Q(answers__flagged=True)),
        last_saved=Max("answers__changed_at"),
    )
    filters = {
        "form__sitting__session_id": session_id, "form__sitting_id": period_id, "opening__room_id": room_id,
        "status": status,
    }  # fmt: skip
    return attempts.filter(**{key: value for key, value in filters.items() if value is not None})
