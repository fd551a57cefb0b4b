"""An exam office's worth of rows for the reports: two regions, candidates scored in one
sitting, bank credits (matched and in the queue), a group sitting and a certificate."""

import datetime as dt
from dataclasses import dataclass

from skillcert.catalog.models import Level, Region, SeatPool, SubjectKind
from skillcert.core import clock
from skillcert.payments.models import BankCredit, CreditStatus, ExceptionReason, ImportBatch
from skillcert.registrations.models import Registration
from tests.certificates.factories import certificate
from tests.factories import CandidateFactory, make_level
from tests.groups.factories import make_sitting
from tests.scoring.factories import scored, sitting


@dataclass
class Office:
    session: object
    south: Region
    scores: dict  # candidate pk -> {subject number: score or None}
    credits: list
    group: object


SCORES = ({1: 68, 2: 72}, {1: 90, 2: None}, {1: 40, 2: 75})


def office(rank=Level.Rank.BEGINNER) -> Office:
    level = make_level(rank=rank)
    session = sitting(level)
    SeatPool.objects.create(session=session, kind=SubjectKind.WRITTEN, capacity=50, held=len(SCORES))
    south, _ = Region.objects.get_or_create(name="高雄")
    people = {}
    for n, marks in enumerate(SCORES):
        candidate = CandidateFactory(school_or_employer='=HYPERLINK("x")' if n == 0 else "國立高雄大學")
        scored(candidate, session, marks)
        people[candidate.pk] = marks
    Registration.objects.filter(candidate_id=candidate.pk).update(region=south)
    batch = ImportBatch.objects.create(source="upload", filename="bank.txt", file_format="csv", sha256=str(rank) * 64)
    registration = Registration.objects.filter(session=session).first()
    credits = [
        BankCredit.objects.create(
            batch=batch, line_number=1, bank_txn_id=f"T1-{rank}", value_at=clock.now(), account_number="1" * 14,
            amount=registration.amount, registration=registration, status=CreditStatus.MATCHED,
        ),
        BankCredit.objects.create(
            batch=batch, line_number=2, bank_txn_id=f"T2-{rank}", value_at=clock.now() - dt.timedelta(days=1),
            account_number="2" * 14, amount=999, status=CreditStatus.EXCEPTION, reason=ExceptionReason.UNKNOWN_ACCOUNT,
        ),
    ]  # fmt: skip
    group = make_sitting(session=session)
    Registration.objects.filter(pk=registration.pk).update(group_sitting=group)
    certificate(level=level)
    return Office(session=session, south=south, scores=people, credits=credits, group=group)
