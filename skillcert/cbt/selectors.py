"""Reads of the item bank for the back office and exports."""

from django.db.models import Count, Q

from skillcert.catalog.models import SessionSubject, Subject

from .models import ItemVersion


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
