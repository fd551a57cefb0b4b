"""Scoring test helpers: paid registrations with subjects, and recorded scores."""

import datetime as dt
from decimal import Decimal

from skillcert.catalog.models import ExamSession, Plan, Region
from skillcert.core import clock
from skillcert.registrations.models import Registration, RegistrationStatus, RegistrationSubject
from skillcert.scoring import services
from skillcert.scoring.models import Attendance
from tests.factories import CandidateFactory, make_level


def sitting(level, *, nth=1, exam_date=None, published_in_days=20, **extra) -> ExamSession:
    """A session of `level` whose exam was `exam_date` (default: 30 days ago)."""
    exam_date = exam_date or clock.today() - dt.timedelta(days=30)
    opens = clock.at(exam_date - dt.timedelta(days=60))
    return ExamSession.objects.create(
        level=level,
        nth=nth,
        exam_date=exam_date,
        group_registration_opens=opens,
        group_registration_closes=opens + dt.timedelta(days=20),
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=21),
        scores_published_on=exam_date + dt.timedelta(days=published_in_days),
        **({"review_days_from_publication": 2} | extra),
    )


def register(candidate, session, numbers=(1, 2)) -> Registration:
    region, _ = Region.objects.get_or_create(name="台北")
    registration = Registration.objects.create(
        candidate=candidate, session=session, region=region, plan=Plan.LIST, amount=2400,
        status=RegistrationStatus.PAID,
    )  # fmt: skip
    for subject in session.level.subjects.filter(number__in=numbers):
        RegistrationSubject.objects.create(registration=registration, subject=subject, fee=1200)
    return registration


def scored(candidate, session, scores: dict[int, int | None]):
    """Register `candidate` for the subjects numbered in `scores` and record them (None = 缺考)."""
    registration = register(candidate, session, tuple(scores))
    result = {}
    for row in registration.subjects.select_related("subject"):
        value = scores[row.subject.number]
        result[row.subject.number] = services.score_record(
            registration_subject=row,
            attendance=Attendance.ABSENT if value is None else Attendance.PRESENT,
            raw_score=None if value is None else Decimal(value),
        )
    return result


__all__ = ["CandidateFactory", "make_level", "register", "scored", "sitting"]
