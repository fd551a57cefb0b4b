"""Public pages in Chromium at phone width (390×844): accessible, readable, screenshots saved."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    from skillcert.catalog.demo import load_brochures

    load_brochures()


def test_home_at_phone_width(phone_page, axe_check, screenshot, demo):
    phone_page.goto("/")
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("鑑定項目")
    assert phone_page.locator("#item-SPE").get_by_role("link", name="智慧生產工程師").is_visible()
    assert "個人報名截止" in phone_page.content()
    # Nothing wider than the phone: no sideways scrolling of the whole page.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page)
    screenshot(phone_page, "catalog-home-phone")


@pytest.mark.parametrize("code", ["SPE", "MDMT"])
def test_item_page_at_phone_width(phone_page, axe_check, screenshot, demo, code):
    phone_page.goto(f"/items/{code}/")
    assert phone_page.get_by_role("heading", name="各級等考試重要日程表 Schedule").is_visible()
    assert phone_page.locator("table.fees").first.is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page)
    screenshot(phone_page, f"catalog-item-{code.lower()}-phone")


def test_news_page(page, axe_check, screenshot, demo):
    page.goto("/news/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("最新消息")
    axe_check(page)
    screenshot(page, "catalog-news-desktop")


def test_item_page_exam_rules_at_phone_width(phone_page, axe_check, screenshot, demo):
    phone_page.goto("/items/SPE/#rules")
    rules = phone_page.locator("#rules")
    assert rules.get_by_role("heading", name="試場規則（§3.4）").is_visible()
    assert "考試開始後20分鐘內得准入場" in rules.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page)
    rules.screenshot(
        path=str(screenshot(phone_page, "catalog-item-rules-phone").with_name("catalog-item-rules-section.png"))
    )
