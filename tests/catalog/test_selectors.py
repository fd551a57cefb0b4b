import datetime as dt

import pytest

from skillcert.catalog import selectors
from skillcert.core import clock

from .helpers import session

pytestmark = pytest.mark.django_db


def at(month, day, hour=0, minute=0, second=0, micro=0):
    return dt.datetime(2026, month, day, hour, minute, second, micro, tzinfo=clock.TAIPEI)


def test_individual_window_closes_at_noon_exactly(brochures):
    spe1 = session("SPE", 1, 1)
    assert selectors.session_registration_open(session=spe1, now=at(1, 1, 0, 0))
    assert not selectors.session_registration_open(session=spe1, now=at(12, 31) - dt.timedelta(days=365))
    assert selectors.session_registration_open(session=spe1, now=at(4, 10, 12, 0) - dt.timedelta(microseconds=1))
    assert not selectors.session_registration_open(session=spe1, now=at(4, 10, 12, 0))  # 「中午12點止」


def test_group_window_closes_a_day_earlier(brochures):
    spe1 = session("SPE", 1, 1)
    now = at(4, 9, 13, 0)
    assert not selectors.session_registration_open(session=spe1, group=True, now=now)
    assert selectors.session_registration_open(session=spe1, group=False, now=now)
    individual = {(s.level.rank, s.nth) for s in selectors.open_sessions(now=now)}
    group = {(s.level.rank, s.nth) for s in selectors.open_sessions(now=now, group=True)}
    assert (1, 1) in individual and (1, 1) not in group


def test_open_sessions_lists_soonest_deadline_first(brochures):
    opened = list(selectors.open_sessions(now=at(3, 1, 10)))
    assert [(s.level.brochure.item.code, s.level.rank) for s in opened] == [("SPE", 2), ("SPE", 1)]


def test_a_cancelled_session_is_never_open(brochures):
    spe1 = session("SPE", 1, 1)
    spe1.is_cancelled = True
    spe1.save()
    assert not selectors.session_registration_open(session=spe1, now=at(3, 1))
    assert spe1 not in selectors.open_sessions(now=at(3, 1))


def test_review_open_for_two_days_from_publication(brochures):
    spe1 = session("SPE", 1, 1)
    assert not selectors.review_open(session=spe1, now=at(6, 11, 23, 59))
    assert selectors.review_open(session=spe1, now=at(6, 12, 0, 0))
    assert selectors.review_open(session=spe1, now=at(6, 13, 23, 59))
    assert not selectors.review_open(session=spe1, now=at(6, 14, 0, 0))


def test_kept_until_31_december_of_the_third_year(brochures):
    level = session("SPE", 1, 1).level
    assert selectors.kept_until(level=level, exam_date=dt.date(2026, 5, 23)) == dt.date(2029, 12, 31)


def test_news_hides_future_and_unpublished_items(brochures):
    from skillcert.catalog.models import News

    now = at(1, 2)
    titles = [n.title for n in selectors.news_list(now=now)]
    assert "初級第一次及中級考試開放報名" in titles
    assert "術科實作考試梯次與考場安排" not in titles  # published 02/02
    News.objects.filter(title="初級第一次及中級考試開放報名").update(is_published=False)
    assert "初級第一次及中級考試開放報名" not in [n.title for n in selectors.news_list(now=now)]
