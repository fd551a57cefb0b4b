"""Practical batches on the exam notice (brochure 113 §2.3 備註2, SPEC §2 minimum turnout): with
enough practical registrants each candidate's notice names the batch and its venue; below the
brochure's minimum (40) the practical is not held and every candidate who registered it is told so
on the notice page, the PDF and the notice e-mail — a candidate with only the practical too."""

import pytest
from django.urls import reverse

from skillcert.core import clock
from skillcert.core.pdf import pdf_text
from skillcert.examday import notices
from skillcert.examday.services import session_allocate_seats

from .factories import closed_sitting, make_batch, make_room, make_venue, paid

pytestmark = pytest.mark.django_db

NOT_HELD = "本梯次術科實作報考人數未達 40 人，不辦理"


def _sitting(*, practical: int, practical_only: int = 0):
    session = closed_sitting(subjects=("written", "practical"))
    make_room(make_venue(), rows=5, columns=10)
    lab = make_venue(name="國立臺北科技大學實作教室")
    make_batch(session, lab, number=1, capacity=30)
    make_batch(session, lab, number=2, capacity=30)
    both = [paid(session, numbers=(1, 2), practical_venue=lab) for _ in range(practical - practical_only)]
    only = [paid(session, numbers=(2,), practical_venue=lab) for _ in range(practical_only)]
    written = paid(session, numbers=(1,))
    assert session_allocate_seats(session=session).completed
    return session, lab, both, only, written


def test_with_forty_practical_candidates_the_notice_names_the_batch_and_its_venue():
    _session, lab, both, _only, _written = _sitting(practical=40)
    notice = notices.notice_for(both[-1])
    practical = [line for line in notice.lines if line.place.startswith("第 ")]
    assert [(line.venue, line.place) for line in practical] == [(lab.name, "第 2 場")]
    assert lab.address in {venue.address for venue in notice.venues}
    assert notice.not_held == []


def test_below_forty_the_practical_is_not_held_and_its_candidates_are_told(
    client, mailoutbox, frozen_now, django_capture_on_commit_callbacks
):
    session, lab, both, only, written = _sitting(practical=39, practical_only=1)

    notice = notices.notice_for(both[0])
    assert [line.place for line in notice.lines if line.venue == lab.name] == []  # no batch
    assert len(notice.not_held) == 1 and NOT_HELD in notice.not_held[0]
    assert NOT_HELD in pdf_text(notices.notices_pdf([notice]))
    assert notices.notice_for(written).not_held == []
    alone = notices.notice_for(only[0])  # no seat at all, still a notice that says why
    assert alone is not None and alone.lines == [] and NOT_HELD in alone.not_held[0]

    frozen_now(clock.at(notices.notice_opens_on(session), 9))
    client.force_login(only[0].candidate.user)
    page = client.get(reverse("portal:exam_notice", args=[only[0].pk])).content.decode()
    assert NOT_HELD in page and "考場座位安排中" not in page

    with django_capture_on_commit_callbacks(execute=True):
        assert notices.exam_notices_send() == 40  # 39 practical registrants and the written-only one
    told = {mail.to[0]: mail.body for mail in mailoutbox}
    for registration in (both[0], only[0]):
        assert NOT_HELD in told[registration.candidate.user.email]
    assert NOT_HELD not in told[written.candidate.user.email]
