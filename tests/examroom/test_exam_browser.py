"""The exam screen in Chromium (issue 11): a whole exam with the keyboard only; zoom 250%
without horizontal scroll; flag, clear and the figure dialog; offline then reconnect with every
answer stored; a closed browser resumed on another workstation after the proctor unlocks;
extra time shows the candidate's end; automatic submission at the end; axe on every screen."""

import datetime as dt

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.cbt import proctoring
from skillcert.cbt.models import Answer, Attempt
from skillcert.examroom.workstations import SALT, WORKSTATION_COOKIE
from tests.cbt.delivery_factories import END, START, canonical_letter, exam_room
from tests.cbt.factories import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = ["*"]


def enrol_browser(context, live_server, workstation):
    value = signing.get_cookie_signer(salt=SALT).sign(str(workstation.pk))
    context.add_cookies([{"name": WORKSTATION_COOKIE, "value": value, "url": f"{live_server.url}/examroom/"}])


def new_context(browser, live_server, workstation, **options):
    context = browser.new_context(base_url=live_server.url, locale="zh-TW", timezone_id="Asia/Taipei", **options)
    context.set_default_timeout(15_000)
    enrol_browser(context, live_server, workstation)
    return context


def sign_in(page, registration):
    page.goto("/examroom/")
    page.get_by_label("考試通知碼").fill(registration.admission_number)
    page.get_by_label("身分證字號").fill(registration.candidate.national_id)
    with page.expect_navigation():
        page.get_by_label("身分證字號").press("Enter")


def exam_page(browser, live_server, room, registration, frozen_now, **options):
    """A browser at the room's workstation, signed in and started at START: (context, page)."""
    context = new_context(browser, live_server, room.workstation, **options)
    page = context.new_page()
    sign_in(page, registration)
    frozen_now(START)
    page.get_by_role("button", name="開始作答").click()
    page.locator("#exam[data-ready='1']").wait_for(state="attached")  # exam.js has attached its handlers
    return context, page


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector` (keyboard reachability)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def wait_saved(page):
    page.locator("#save-state", has_text="已儲存").wait_for()


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now, items=4)


def test_a_whole_exam_with_the_keyboard_only(browser, live_server, room, frozen_now, axe_check, screenshot):
    registration = room.candidate()
    context = new_context(browser, live_server, room.workstation, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, registration)
    assert page.get_by_role("heading", name="作答說明與練習").is_visible()
    axe_check(page)
    frozen_now(START)
    tab_to(page, "#start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    for position in range(1, 5):
        tab_to(page, f"#q-{position} input[type=radio]")
        page.keyboard.press("ArrowDown")  # moves to and selects the next option
        wait_saved(page)
        tab_to(page, f"#q-{position} button.next")
        page.keyboard.press("Enter")
    assert page.locator("#review").is_visible()
    axe_check(page)
    screenshot(page, "examroom-review")
    frozen_now(START + dt.timedelta(minutes=31))
    tab_to(page, "#submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="已交卷").wait_for()
    axe_check(page)
    attempt = Attempt.objects.get(registration=registration)
    assert attempt.status == "submitted"
    stored = dict(attempt.answers.values_list("position", "choice"))
    assert stored == {p: canonical_letter(attempt, p, "B") for p in range(1, 5)}
    context.close()


def test_zoom_250_has_no_horizontal_scroll_and_flag_clear_figure_work(browser, live_server, frozen_now, axe_check):
    room = exam_room(frozen_now, items=3)
    version = room.form.items.get(position=1).version
    version.figure = SimpleUploadedFile("f.png", png_bytes())
    version.save()
    registration = room.candidate()
    context, page = exam_page(
        browser, live_server, room, registration, frozen_now, viewport={"width": 1024, "height": 768}
    )
    for _ in range(6):
        page.get_by_role("button", name="放大").click()
    assert page.locator("#zoom-level").inner_text() == "250%"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    axe_check(page)
    page.locator("#q-1 input[value=C]").check()
    wait_saved(page)
    page.locator("#q-1 button.flag").click()
    wait_saved(page)
    page.locator("#q-1 button.clear").click()
    wait_saved(page)
    page.locator("#q-1 button.show-figure").click()
    assert page.locator("#figure-dialog").is_visible()
    axe_check(page)
    page.get_by_role("button", name="關閉").click()
    answer = Answer.objects.get(attempt__registration=registration, position=1)
    assert (answer.choice, answer.flagged, answer.seq) == ("", True, 3)
    assert "已註記" in page.locator("#go-1").get_attribute("aria-label")
    context.close()


def test_offline_then_reconnect_stores_every_answer(browser, live_server, room, frozen_now):
    registration = room.candidate()
    context, page = exam_page(browser, live_server, room, registration, frozen_now)
    context.set_offline(True)
    for position in range(1, 5):
        page.locator(f"#q-{position} input[value=D]").check()
        page.locator(f"#q-{position} button.next").click()
    page.locator("#save-state", has_text="離線 — 作答已保存在本電腦").wait_for()
    page.wait_for_timeout(30_000)  # the 30 s offline: the retries meanwhile must not lose the journal
    attempt = Attempt.objects.get(registration=registration)
    assert not attempt.answers.exclude(choice="").exists()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    stored = dict(attempt.answers.values_list("position", "choice"))
    assert stored == {p: canonical_letter(attempt, p, "D") for p in range(1, 5)}
    context.close()


def test_closed_browser_resumes_on_another_workstation_after_unlock(browser, live_server, room, frozen_now):
    registration = room.candidate(extra_minutes=20)
    first, page = exam_page(browser, live_server, room, registration, frozen_now)
    assert page.locator("#ends-at").inner_text() == "10:50"  # 09:00–10:30 plus 20 minutes, Taipei
    page.locator("#go-2").click()
    page.locator("#q-2 input[value=A]").check()
    page.locator("#q-2 button.flag").click()
    wait_saved(page)
    first.close()  # the workstation crashed
    second_station = proctoring.workstation_enrol(opening=room.opening, label="02", actor=room.proctor)
    attempt = Attempt.objects.get(registration=registration)
    proctoring.attempt_unlock(attempt=attempt, actor=room.proctor)
    frozen_now(START + dt.timedelta(minutes=10))
    second = new_context(browser, live_server, second_station)
    page = second.new_page()
    sign_in(page, registration)
    page.locator("#go-2").click()
    assert page.locator("#q-2 input[value=A]").is_checked()
    assert page.locator("#q-2 button.flag").get_attribute("aria-pressed") == "true"
    assert page.locator("#timer").inner_text().startswith("1:39") or page.locator("#timer").inner_text().startswith(
        "1:40"
    )
    second.close()


def test_the_server_submits_at_the_end(browser, live_server, room, frozen_now):
    registration = room.candidate()
    context, page = exam_page(browser, live_server, room, registration, frozen_now)
    page.locator("#q-1 input[value=B]").check()
    wait_saved(page)
    frozen_now(END - dt.timedelta(seconds=3))
    page.reload()
    frozen_now(END)  # the page's own count reaches zero and asks the server again
    page.get_by_text("考試時間到，系統已自動交卷").wait_for(timeout=20_000)
    attempt = Attempt.objects.get(registration=registration)
    assert attempt.status == "submitted" and attempt.auto_submitted
    assert attempt.answers.get(position=1).choice == canonical_letter(attempt, 1, "B")
    context.close()
