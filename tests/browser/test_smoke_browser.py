import pytest
from django.core.mail import send_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible_at_phone_width(phone_page, axe_check, screenshot):
    from tests.factories import make_level

    make_level()
    phone_page.goto("/")
    assert "SPE 工程師" in phone_page.content()
    axe_check(phone_page)
    screenshot(phone_page, "smoke-home-phone")


def test_mail_reaches_the_loopback_smtp_server(smtp_server):
    send_mail("測試主旨", "內容：您好", "noreply@skillcert.example", ["a@example.com"])
    message = smtp_server.wait_for(lambda m: m["Subject"] == "測試主旨")
    assert "您好" in smtp_server.body(message)
