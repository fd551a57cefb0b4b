"""Numbers are unique, sequential per item + ROC year + rank, gap-free under rollback and
under concurrent issuing (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection, transaction

from skillcert.catalog.models import Level
from skillcert.certificates import numbering, rules
from skillcert.certificates.models import Certificate
from skillcert.certificates.services import certificate_issue
from tests.certificates.factories import level_of, person
from tests.conftest import requires_postgres
from tests.factories import CandidateFactory


def _serials(numbers):
    return [int(n.split("-")[3]) for n in numbers]


@pytest.mark.django_db
def test_serials_run_from_one_per_item_year_and_rank():
    with transaction.atomic():
        first = numbering.numbers_take(item_code="SPE", roc_year=115, rank=1, count=3)
        other_rank = numbering.numbers_take(item_code="SPE", roc_year=115, rank=2)
        next_year = numbering.numbers_take(item_code="SPE", roc_year=116, rank=1)
        more = numbering.numbers_take(item_code="SPE", roc_year=115, rank=1)
    assert _serials(first) == [1, 2, 3] and _serials(more) == [4]
    assert other_rank[0].startswith("SPE-115-L2-000001-") and next_year[0].startswith("SPE-116-L1-000001-")
    assert all(rules.is_well_formed(n) for n in first + more)


@pytest.mark.django_db
def test_a_rolled_back_issue_leaves_no_gap():
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.numbers_take(item_code="SPE", roc_year=115, rank=1)
        raise RuntimeError("issue failed")
    with transaction.atomic():
        assert _serials(numbering.numbers_take(item_code="SPE", roc_year=115, rank=1)) == [1]


@pytest.mark.django_db(transaction=True)
def test_numbers_need_the_issuing_transaction():
    with pytest.raises(RuntimeError):
        numbering.numbers_take(item_code="SPE", roc_year=115, rank=1)


@pytest.mark.django_db
def test_issued_certificates_are_numbered_in_order(frozen_now):
    import datetime as dt

    from skillcert.core import clock

    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    level = level_of(Level.Rank.BEGINNER)
    numbers = [certificate_issue(candidate=CandidateFactory(), level=level).number for _ in range(3)]
    assert [n[:17] for n in numbers] == ["SPE-115-L1-000001", "SPE-115-L1-000002", "SPE-115-L1-000003"]


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_consecutive_numbers():
    level = level_of(Level.Rank.BEGINNER)
    candidates = [person() for _ in range(40)]
    barrier = threading.Barrier(len(candidates))
    errors = []

    def issue(candidate):
        try:
            barrier.wait()
            certificate_issue(candidate=candidate, level=level)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert sorted(_serials(numbers)) == list(range(1, 41))
    assert len(set(numbers)) == 40


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_for_the_same_person_give_one_certificate():
    level = level_of(Level.Rank.BEGINNER)
    candidate = CandidateFactory()
    barrier = threading.Barrier(8)
    results = []

    def issue():
        try:
            barrier.wait()
            results.append(certificate_issue(candidate=candidate, level=level).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(candidate=candidate).count() == 1
    assert len(set(results)) == 1 and len(results) == 8
