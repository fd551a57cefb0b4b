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


def test_group_results_only_the_groups_candidates_and_only_after_publication(published, frozen_now):
    from skillcert.groups.models import GroupSitting, Organisation
    from skillcert.scoring.results import group_results

    session, owner = published
    organisation = Organisation.objects.create(
        group_code="NTUT", name="臺北科大", business_number="04134902", invoice_title="臺北科大", address="台北"
    )
    group = GroupSitting.objects.create(organisation=organisation, session=session, discount_code="NTUT115")
    member = CandidateFactory()
    scored(member, session, {1: 68, 2: 72})
    member.registrations.update(group_sitting=group)
    session_evaluate(session=session)
    rows = group_results(group_sitting=group)
    assert [(r["candidate"].pk, r["scores"], r["certified"]) for r in rows] == [(member.pk, {1: 68, 2: 72}, True)]
    frozen_now(clock.at(session.scores_published_on - dt.timedelta(days=1), 12))
    assert group_results(group_sitting=group) == []


def test_online_dispute_form(client, frozen_now, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    exam = dt.date(2024, 5, 18)
    frozen_now(clock.at(exam + dt.timedelta(days=2), 10))
    level = make_level()
    session = sitting(
        level, exam_date=exam, dispute_opens=exam + dt.timedelta(days=2), dispute_closes=exam + dt.timedelta(days=4)
    )
    owner = CandidateFactory()
    scored(owner, session, {1: 50, 2: 50})
    login(client, owner)
    assert session in client.get(reverse("portal:disputes")).context["sessions"]
    url = reverse("portal:dispute_new", args=[session.pk])
    subject = level.subjects.get(number=1)
    response = client.post(url, {"subject": subject.pk, "question": 3, "reason": "B、C 皆可"})
    assert response.status_code == 302
    again = client.post(url, {"subject": subject.pk, "question": 3, "reason": "補充說明"})
    assert "請勿重複提交" in again.content.decode()
    client.logout()
    login(client, CandidateFactory())
    assert client.get(url).status_code == 404


def test_certified_page_and_a_page_before_evaluation(client, published):
    session, _owner = published
    certified = CandidateFactory()
    scored(certified, session, {1: 68, 2: 72})
    session_evaluate(session=session)
    login(client, certified)
    page = client.get(reverse("portal:result_detail", args=[session.pk])).content.decode()
    assert "已取得授證資格" in page and "尚須" not in page
    client.logout()
    unevaluated = CandidateFactory()
    scored(unevaluated, session, {1: 90})
    login(client, unevaluated)
    assert "授證資格評定中" in client.get(reverse("portal:result_detail", args=[session.pk])).content.decode()
