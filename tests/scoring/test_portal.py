"""Candidate result pages: publication gate, the explanation, and who may see what."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.core import clock
from skillcert.scoring.evaluation import session_evaluate
from tests.factories import PASSWORD, UserFactory
from tests.scoring.factories import CandidateFactory, make_level, scored, sitting

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(frozen_now):
    frozen_now(clock.at(dt.date(2026, 6, 12), 9))
    level = make_level()
    session = sitting(level, exam_date=dt.date(2026, 5, 23), published_in_days=20)  # 06/12
    owner = CandidateFactory()
    scored(owner, session, {1: 80, 2: 55})
    session_evaluate(session=session)
    return session, owner


def login(client, candidate):
    client.login(username=candidate.user.username, password=PASSWORD)


def test_before_publication_the_candidate_sees_nothing(client, published, frozen_now):
    session, owner = published
    frozen_now(clock.at(dt.date(2026, 6, 11), 23, 59))
    login(client, owner)
    assert session.pk not in [s.pk for s in client.get(reverse("portal:results")).context["sessions"]]
    assert client.get(reverse("portal:result_detail", args=[session.pk])).status_code == 404


def test_after_publication_the_candidate_sees_scores_kept_dates_and_what_is_missing(client, published):
    session, owner = published
    login(client, owner)
    page = client.get(reverse("portal:result_detail", args=[session.pk])).content.decode()
    assert "80" in page and "55" in page
    assert "118/12/31" in page  # the 80 is kept until 31 Dec of 115 + 3
    assert "尚未取得授證資格" in page
    assert "考科2 或 考科3 尚須 70 分以上（或同梯次平均 70 分且單科不低於 60 分）" in page
    assert "申請成績複查" in page


def test_another_candidate_gets_404(client, published):
    session, _owner = published
    login(client, CandidateFactory())
    assert client.get(reverse("portal:result_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("portal:review_request", args=[session.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, published):
    session, _owner = published
    response = client.get(reverse("portal:result_detail", args=[session.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_coordinator_cannot_use_candidate_pages(client, published):
    session, _owner = published
    coordinator = UserFactory(kind="coordinator")
    client.login(username=coordinator.username, password=PASSWORD)
    assert client.get(reverse("portal:result_detail", args=[session.pk])).status_code == 403


def test_review_page_states_what_cannot_be_asked(client, published):
    session, owner = published
    login(client, owner)
    page = client.get(reverse("portal:review_request", args=[session.pk])).content.decode()
    assert "不得申請閱覽試卷" in page and "委員之姓名" in page


def test_requesting_a_review_online(client, published, mailoutbox, django_capture_on_commit_callbacks):
    session, owner = published
    login(client, owner)
    score = owner.scores.get(subject__number=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:review_request", args=[session.pk]), {"scores": [score.pk]})
    assert response.status_code == 302
    page = client.get(reverse("portal:result_detail", args=[session.pk])).content.decode()
    assert "您已申請複查" in page
    assert any("成績複查申請已收件" in m.subject for m in mailoutbox)
    again = client.post(reverse("portal:review_request", args=[session.pk]), {"scores": [score.pk]})
    assert "以一次為限" in again.content.decode()
