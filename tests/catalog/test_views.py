"""Public pages: anyone may read them; they show the brochures' numbers with 民國 dates."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.catalog.models import Item, News
from skillcert.core import clock
from tests.factories import CandidateFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_2026(frozen_now, brochures):
    """A day inside SPE 115's first registration window (true dates)."""
    return frozen_now(dt.datetime(2026, 3, 1, 10, 0, tzinfo=clock.TAIPEI))


def text(response) -> str:
    return response.content.decode()


def test_home_lists_items_with_open_sessions_and_exact_deadlines(client, march_2026):
    page = text(client.get(reverse("catalog:home")))
    assert "智慧生產工程師" in page and "工具機機械設計工程師" in page
    assert "115/04/10(五) 12:00" in page  # 個人報名截止
    assert "115/04/09(四) 12:00" in page  # 團體報名截止
    assert "115/03/11(三) 12:00" in page  # 中級
    assert reverse("catalog:item", args=["SPE"]) in page
    assert '<html lang="zh-Hant-TW">' in page


def test_spe_page_shows_schedule_fees_syllabus_regions_and_contacts(client, march_2026):
    response = client.get(reverse("catalog:item", args=["SPE"]))
    assert response.status_code == 200
    page = text(response)
    for expected in [
        "114/12/24(三)",  # 考試簡章
        "115/01/01(四) ~ 115/04/09(四) 12:00",
        "115/01/01(四) ~ 115/04/10(五) 12:00",
        "115/05/22(五) ~ 115/09/21(一) 12:00",
        "115/05/23(六)", "115/11/14(六)", "115/04/11(六)",
        "成績公告（含）起 2 日內：115/06/12(五) ~ 115/06/13(六)",
        "116/01/15(五) 起陸續寄出",
        "09:00~10:15", "10:45~12:00", "13:30~15:00", "15:30~17:00",
        "每梯次 1,000 人", "每梯次 200 人",
        "1,200", "3,000", "800", "2,100", "1,800", "1,500", "原價 30%：360", "原價 30%：900",
        "iPAS 認同方案", "產業發展署人才培訓方案",
        "L11101 生產計畫基礎知識", "L13204 資源分配管理與製程現場實際資訊的分析", "L22302",
        "澎湖考場僅辦理初級第一梯次考試", "屏東", "國立臺北科技大學", "國立高雄科技大學",
        "大三以上學歷", "高中職畢及5年相關工作經驗",
        "03-5912995", "ipas@itri.org.tw", "156-005-00002-5",
        "115/05/01(五) ~ 115/05/05(二)", "115/11/01(日) ~ 115/11/10(二)",
        "有效期間為 5 年", "永久有效",
        "範例：115/05/23(六) 報考，單科及格成績可保留至 118/12/31(一) 止",
        "同一單位於單一梯次報名達 25 人以上",
    ]:  # fmt: skip
        assert expected in page, expected
    assert '<th scope="col">' in page and '<span lang="en" class="en">Schedule</span>' in page


def test_mdmt_page_shows_its_own_numbers(client, march_2026):
    page = text(client.get(reverse("catalog:item", args=["mdmt"])))
    for expected in [
        "113/02/01(四) ~ 113/04/19(五) 23:59",
        "考試當天或113/05/20(一) ~ 113/05/22(三)",
        "113/06/18(二) ~ 113/06/20(四)",
        "考試後第 1 個工作天（113/05/20(一)）",
        "114/01/15(三) 起陸續寄出",
        "13:30~14:45", "15:15~16:30",
        "每梯次 1,500 人", "每梯次 300 人", "4,200", "2,500", "免費 0",
        "113/06/15(六) ~ 113/06/23(日)", "113/12/01(日) ~ 113/12/07(六)",
        "L12402 熱處理方法", "03-5912893",
    ]:  # fmt: skip
        assert expected in page, expected
    assert "報名中" not in page  # 113 windows are long closed on 115/03/01


@pytest.mark.parametrize("name", ["catalog:home", "catalog:news"])
def test_public_pages_render_for_everyone(client, march_2026, name):
    candidate = CandidateFactory().user
    staff = staff_user()
    for user in (None, candidate, staff):
        if user:
            client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_item_page_for_anonymous_and_logged_in_users(client, march_2026):
    url = reverse("catalog:item", args=["SPE"])
    assert "登入報名" in text(client.get(url))
    client.force_login(CandidateFactory().user)
    assert "前往報名" in text(client.get(url))


def test_unknown_or_unpublished_item_is_404(client, march_2026):
    assert client.get(reverse("catalog:item", args=["NOPE"])).status_code == 404
    Item.objects.filter(code="MDMT").update(is_published=False)
    assert client.get(reverse("catalog:item", args=["MDMT"])).status_code == 404
    assert client.get(reverse("catalog:item_news", args=["MDMT"])).status_code == 404
    assert "工具機機械設計工程師" not in text(client.get(reverse("catalog:home")))


def test_pages_refuse_writes(client, march_2026):
    assert client.post(reverse("catalog:item", args=["SPE"])).status_code == 405


def test_news_pages(client, march_2026):
    page = text(client.get(reverse("catalog:news")))
    assert "115 年度智慧生產工程師能力鑑定簡章公告" in page
    assert "颱風、地震等不可抗力延期考試之公告方式" in page  # site-wide
    assert "114/12/24(三)" in page
    item_page = text(client.get(reverse("catalog:item_news", args=["SPE"])))
    assert "術科實作考試梯次與考場安排" in item_page
    assert "年度參考書目及考試樣題公告方式" not in item_page  # MDMT's news
    News.objects.filter(title="術科實作考試梯次與考場安排").update(is_published=False)
    assert "術科實作考試梯次與考場安排" not in text(client.get(reverse("catalog:item_news", args=["SPE"])))


def test_demo_dates_are_announced_on_the_page(client, frozen_now, db):
    from skillcert.catalog.demo import load_brochures

    frozen_now(dt.datetime(2026, 11, 23, 10, 0, tzinfo=clock.TAIPEI))
    load_brochures()
    page = text(client.get(reverse("catalog:item", args=["SPE"])))
    assert "示範資料" in page and "266" in page
    assert "報名中" in page
    home = text(client.get(reverse("catalog:home")))
    assert "116/01/01(五) 12:00" in home  # SPE 初級 1st sitting, shifted 38 weeks


def test_language_switch_keeps_the_pages_working(client, march_2026):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("catalog:item", args=["SPE"])})
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert '<html lang="en">' in page
    assert ">Schedule</h2>" in page and "115/04/10 (Fri) 12:00" in page
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert '<html lang="zh-Hant-TW">' in text(client.get(reverse("catalog:home")))
