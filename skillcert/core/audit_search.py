"""Reading the audit log: one filtered queryset for the back office's search and its export
(who, which object, which action, between which dates)."""

from datetime import date, timedelta

from django.db.models import QuerySet

from . import clock
from .models import AuditEntry


def audit_entries(
    *,
    person: str = "",
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries matching every given filter, newest first; dates are Taipei calendar days,
    `until` included. `person` matches the actor's username exactly."""
    entries = AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")
    if person:
        entries = entries.filter(actor__username=person)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(created_at__gte=clock.at(since))
    if until:
        entries = entries.filter(created_at__lt=clock.at(until + timedelta(days=1)))
    return entries
