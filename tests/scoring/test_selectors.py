"""Reads of scoring for other domains and the doors."""

import pytest

from skillcert.core import clock
from skillcert.scoring.models import Outcome
from skillcert.scoring.selectors import certified_in_sitting
from tests.factories import CandidateFactory, make_session

pytestmark = pytest.mark.django_db


def test_certified_in_sitting_counts_only_first_certifications_completed_at_that_sitting():
    session = make_session()
    earlier = make_session(session.level, nth=2)
    level, now = session.level, clock.now()

    def outcome(**fields):
        return Outcome.objects.create(candidate=CandidateFactory(), level=level, evaluated_at=now, **fields)

    here = outcome(certified=True, sitting=session)
    outcome(certified=True, sitting=session, already_certified=True)  # holds the level already
    outcome(certified=True, sitting=earlier)  # certified at another sitting
    outcome(certified=False, sitting=session)
    assert list(certified_in_sitting(session=session)) == [here]
