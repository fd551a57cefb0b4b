from skillcert.catalog.models import ExamSession, Level


def level(code: str, rank: int) -> Level:
    return Level.objects.get(brochure__item__code=code, rank=rank)


def session(code: str, rank: int, nth: int) -> ExamSession:
    return ExamSession.objects.get(level__brochure__item__code=code, level__rank=rank, nth=nth)
