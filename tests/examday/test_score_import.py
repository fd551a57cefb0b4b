"""Score files keyed by 考試通知碼 (as printed on the notice) or by national ID."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.core import clock
from skillcert.examday import admission
from skillcert.examday.services import session_allocate_seats
from skillcert.registrations.models import Registration
from skillcert.scoring import imports
from skillcert.scoring.models import Score

from .factories import closed_sitting, make_room, make_venue, paid

pytestmark = pytest.mark.django_db


def test_scores_import_by_admission_number_or_national_id(frozen_now):
    session = closed_sitting(subjects=("written", "written"))
    make_room(make_venue(), rows=2, columns=2)
    by_number, by_id, other = (paid(session, numbers=(1,)) for _ in range(3))
    session_allocate_seats(session=session)
    number = Registration.objects.get(pk=by_number.pk).admission_number
    typo = number[:-2] + number[-1] + number[-2]  # two characters swapped: nobody's number
    text = (
        "考試通知碼,到考,原始分數\n"
        f"{admission.printed(number).lower()},到考,88\n"
        f"{by_id.candidate.national_id.lower()},到考,72\n"
        f"{typo},到考,60\n"
    )
    subject = session.level.subjects.get(number=1)
    frozen_now(clock.at(session.exam_date, 18))  # scores come in once the exam has been held
    record = imports.scores_import(
        session=session, subject=subject, uploaded_file=SimpleUploadedFile("s.csv", text.encode())
    )
    assert (record.accepted, record.refused) == (2, 1)
    assert Score.objects.get(candidate=by_number.candidate, subject=subject).score == 88
    assert Score.objects.get(candidate=by_id.candidate, subject=subject).score == 72
    assert not Score.objects.filter(candidate=other.candidate).exists()
