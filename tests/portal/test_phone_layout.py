"""Phone layouts (375 px): the certificates table and the portal home keep words readable — no
table cell squeezed to one character per line (a wide table scrolls inside its own region)."""

import pytest

from skillcert.catalog.models import Level
from skillcert.core import clock
from tests.certificates.factories import certificate
from tests.factories import PASSWORD, CandidateFactory, make_session
from tests.registrations.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every cell with two or more characters is at least two characters wide.
SQUEEZED_CELLS = """() => [...document.querySelectorAll('main td, main th')].filter(cell => {
  const text = cell.innerText.trim();
  if (text.length < 2) return false;
  const size = parseFloat(getComputedStyle(cell).fontSize);
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return inner < 2 * size;
}).map(cell => cell.innerText.trim().slice(0, 20))"""


def sign_in(page, client, live_server, user):
    client.login(username=user.username, password=PASSWORD)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("url", ["/portal/certificates/", "/portal/"])
def test_phone_pages_do_not_wrap_one_character_per_line(phone_page, client, live_server, axe_check, screenshot, url):
    phone_page.set_viewport_size({"width": 375, "height": 812})
    candidate = CandidateFactory(profile_confirmed_at=clock.now())
    certificate(rank=Level.Rank.INTERMEDIATE, candidate=candidate)
    register(candidate, make_session())
    sign_in(phone_page, client, live_server, candidate.user)
    phone_page.goto(live_server.url + url)
    assert phone_page.locator("main table").count() >= 1
    assert phone_page.evaluate(SQUEEZED_CELLS) == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(phone_page)
    screenshot(phone_page, "portal-phone-" + (url.strip("/").replace("/", "-") or "home"))
