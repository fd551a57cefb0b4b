"""At phone width, axe 0 serious (issue 13): a wrong subject combination corrected on the choice
step, and a cancellation with its confirmation."""

import pytest

from skillcert.registrations.models import Registration, RegistrationStatus
from tests.factories import CandidateFactory, make_session
from tests.portal.test_registration_browser import logged_in
from tests.registrations.factories import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_combination_is_corrected_on_the_choice_step(phone_page, live_server, axe_check, screenshot):
    session = make_session()
    candidate = CandidateFactory()
    logged_in(phone_page, live_server, candidate.user)
    phone_page.goto(f"/portal/registrations/new/{session.pk}/")
    phone_page.get_by_label("2. L12 考科2（學科）").check()
    phone_page.get_by_label("3. L13 考科3（術科實作）").check()
    phone_page.get_by_role("button", name="下一步：確認報名資料").click()
    assert "授證組合" in phone_page.content()
    assert phone_page.get_by_label("2. L12 考科2（學科）").is_checked()  # choices kept
    axe_check(phone_page)
    screenshot(phone_page, "choice-step-wrong-combination-phone")
    phone_page.get_by_label("3. L13 考科3（術科實作）").uncheck()
    phone_page.get_by_label("1. L11 考科1（學科）").check()
    phone_page.get_by_role("button", name="下一步：確認報名資料").click()
    phone_page.get_by_role("button", name="確認送出報名").click()
    phone_page.wait_for_url("**/portal/registrations/*/")
    assert Registration.objects.filter(candidate=candidate).count() == 1


def test_a_cancellation_with_its_confirmation(phone_page, live_server, axe_check, screenshot):
    candidate = CandidateFactory()
    registration = register(candidate=candidate, session=make_session())
    logged_in(phone_page, live_server, candidate.user)
    phone_page.goto(f"/portal/registrations/{registration.pk}/")
    phone_page.get_by_role("link", name="取消這筆報名（尚未繳費）").click()
    assert "名額會立即釋出" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(phone_page)
    screenshot(phone_page, "cancel-confirm-phone")
    phone_page.get_by_role("button", name="確定取消報名並釋出名額").click()
    phone_page.wait_for_url(f"**/portal/registrations/{registration.pk}/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    phone_page.reload()  # without the one-time flash message (see test_registration_browser)
    axe_check(phone_page)
