"""Certificate test helpers: certified candidates (through scoring and its signal) and
certificates at a chosen level and date."""

import datetime as dt

from skillcert.catalog.models import Level, ReissueWindow
from skillcert.certificates.models import Certificate
from skillcert.certificates.services import certificate_issue
from skillcert.scoring.evaluation import certification_evaluate
from tests.factories import CandidateFactory, make_level
from tests.scoring.factories import scored, sitting


def level_of(rank=Level.Rank.BEGINNER, *, code="SPE", roc_year=115) -> Level:
    level = make_level(code=code, rank=rank, roc_year=roc_year)
    level.certificate_valid_years = 5 if rank == Level.Rank.INTERMEDIATE else None
    level.save(update_fields=["certificate_valid_years"])
    return level


def certify(candidate, level, capture, *, mailed_from: dt.date | None = None, scores=None):
    """Score `candidate` 68+72 in a sitting of `level` and evaluate, running after-commit signals."""
    session = sitting(level, certificates_mailed_from=mailed_from)
    with capture(execute=True):
        scored(candidate, session, scores or {1: 68, 2: 72})
        return certification_evaluate(candidate=candidate, level=level)


def certificate(*, rank=Level.Rank.BEGINNER, candidate=None, level=None, **kwargs) -> Certificate:
    level = level or level_of(rank)
    return certificate_issue(candidate=candidate or CandidateFactory(**kwargs), level=level)


def windows(level, *, roc_year=115):
    """The 115 brochure's reissue windows (§4.3-2(4)) on `level`'s item."""
    brochure = level.brochure
    assert brochure.roc_year == roc_year
    for position, (opens, closes) in enumerate(
        [((5, 1), (5, 5)), ((6, 1), (6, 10)), ((9, 1), (9, 10)), ((11, 1), (11, 10))], start=1
    ):
        ReissueWindow.objects.create(
            brochure=brochure,
            position=position,
            opens_on=dt.date(roc_year + 1911, *opens),
            closes_on=dt.date(roc_year + 1911, *closes),
        )


def person(**kwargs):
    """A candidate without a usable password (hashing is slow and these never log in)."""
    return CandidateFactory(user__password=None, **kwargs)
