"""年度考試樣題 (brochure 113 日程表: 考試後第 N 個工作天公告): staff upload the files, the
public sees them from the sitting's milestone date (catalog.selectors.sample_questions_date);
a sitting without that milestone shows its files from the day after the exam."""

import datetime as dt

from django.http import Http404

from . import selectors
from .models import ExamSession, SampleQuestionFile


def published_from(*, session: ExamSession) -> dt.date:
    return selectors.sample_questions_date(session=session) or session.exam_date + dt.timedelta(days=1)


def is_published(*, sample: SampleQuestionFile, today: dt.date) -> bool:
    return today >= published_from(session=sample.session)


def published_samples(*, sessions: list[ExamSession], today: dt.date) -> list[SampleQuestionFile]:
    files = SampleQuestionFile.objects.filter(session__in=sessions).select_related("session__level")
    return [sample for sample in files if is_published(sample=sample, today=today)]


def sample_for_download(*, pk: int, today: dt.date) -> SampleQuestionFile:
    """The file, or 404 before its publication day (never says that it exists)."""
    sample = SampleQuestionFile.objects.select_related("session__level__brochure__item").filter(pk=pk).first()
    if (
        sample is None
        or not sample.session.level.brochure.item.is_published
        or not is_published(sample=sample, today=today)
    ):
        raise Http404
    return sample
