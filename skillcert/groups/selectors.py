"""Reads for the group portal and back office. Every lookup for a coordinator goes through
`coordinator_for` / `sitting_for_coordinator`, so a coordinator only ever reaches their own
organisation's data (another group's sitting is a 404)."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.http import Http404

from skillcert.catalog.rules import group_size_qualifies
from skillcert.certificates import selectors as certificates
from skillcert.registrations.models import CLOSED_STATES, Registration, RegistrationStatus
from skillcert.scoring import selectors as scoring

from .models import Coordinator, GroupSitting, Organisation


def coordinator_for(user) -> Coordinator:
    """The coordinator behind a logged-in user, or 404 for anyone else."""
    if not getattr(user, "is_authenticated", False) or user.kind != user.Kind.COORDINATOR:
        raise Http404
    try:
        return Coordinator.objects.select_related("organisation", "user").get(user=user)
    except Coordinator.DoesNotExist as error:
        raise Http404 from error


def recognised_organisations():
    """Schools and companies whose signed iPAS recognition 認同 staff confirmed (the public list
    a candidate picks from for the 認同方案)."""
    return Organisation.objects.filter(
        recognition_signed_on__isnull=False, recognition_confirmed_at__isnull=False
    ).order_by("name", "pk")


def recognised_organisation(text: str) -> Organisation | None:
    """The organisation an individual candidate names, by 統一編號 or its full name, among the
    recognised ones; None when there is no such organisation."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = recognised_organisations()
    return (found.filter(business_number=text) if text.isdigit() else found.filter(name=text)).first()


def sitting_for_coordinator(*, user, pk: int) -> GroupSitting:
    coordinator = coordinator_for(user)
    try:
        return GroupSitting.objects.select_related("organisation", "session__level__brochure__item").get(
            pk=pk, organisation_id=coordinator.organisation_id
        )
    except GroupSitting.DoesNotExist as error:
        raise Http404 from error


def sitting_contacts(*, sitting_id: int) -> list[Coordinator]:
    """The group's verified coordinators, with their organisation: the contact a candidate of a
    group registration sees on their status page (brochure 115 §3.2-2 (3) C 團報窗口聯絡人資訊)."""
    rows = Coordinator.objects.filter(organisation__sittings=sitting_id, verified_at__isnull=False)
    return list(rows.select_related("organisation", "user").order_by("pk"))


def sitting_registrations(*, sitting: GroupSitting, include_closed: bool = False):
    rows = Registration.objects.filter(group_sitting=sitting)
    if not include_closed:
        rows = rows.exclude(status__in=CLOSED_STATES)
    return rows


def sitting_rows(*, sitting: GroupSitting):
    """Every registration of the sitting with what the dashboard, checklist and exports show."""
    return (
        sitting_registrations(sitting=sitting, include_closed=True)
        .select_related("candidate__user", "region", "practical_venue", "special_needs")
        .prefetch_related("subjects__subject")
        .order_by("candidate__national_id", "pk")
    )


def amount_due(*, sitting: GroupSitting) -> int:
    """The group total still to remit: every registration awaiting payment."""
    total = sitting_registrations(sitting=sitting).filter(status=RegistrationStatus.AWAITING_PAYMENT)
    return total.aggregate(total=Sum("amount"))["total"] or 0


def sitting_summary(*, sitting: GroupSitting) -> dict:
    counts = sitting_registrations(sitting=sitting, include_closed=True).aggregate(
        open=Count("pk", filter=~Q(status__in=CLOSED_STATES)),
        paid=Count("pk", filter=Q(status=RegistrationStatus.PAID)),
        unpaid=Count("pk", filter=Q(status=RegistrationStatus.AWAITING_PAYMENT)),
    )
    threshold = sitting.session.level.brochure.group_threshold
    return {
        **counts,
        "due": amount_due(sitting=sitting),
        "threshold": threshold,
        "threshold_reached": group_size_qualifies(
            candidates=counts["open"], group_threshold=threshold, has_discount_code=False
        ),
    }


@dataclass(frozen=True)
class PassList:
    """Who was certified at a sitting, as schools claim subsidies on it: `candidate_id in
    pass_list` is true only for a standing certification; a certificate revoked since (e.g. for
    fraud) moves its holder to `revoked`, read as not certified."""

    certified: frozenset[int]
    revoked: frozenset[int]

    def __contains__(self, candidate_id) -> bool:
        return candidate_id in self.certified


def certified_candidate_ids(*, sitting: GroupSitting, candidates) -> PassList | None:
    """Candidates certified at this sitting (for the half-fee subsidy refunds of the school
    slides; `scoring.selectors.certified_in_sitting`), minus revoked certificates; None until the
    sitting's scores are published."""
    session = sitting.session
    if not scoring.scores_published(session=session):
        return None
    ids = [candidate.pk for candidate in candidates]
    passed = set(
        scoring.certified_in_sitting(session=session)
        .filter(candidate_id__in=ids)
        .values_list("candidate_id", flat=True)
    )
    revoked = certificates.revoked_holder_ids(level=session.level, candidate_ids=passed)
    return PassList(certified=frozenset(passed - revoked), revoked=frozenset(revoked))
