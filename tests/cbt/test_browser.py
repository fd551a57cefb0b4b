"""In a real browser: a writer imports a QTI package and reads the item-by-item report; a
reviewer assembles the sitting's form from a blueprint and freezes it."""

import zipfile

import pytest

from skillcert.cbt.models import TestForm
from tests.cbt.factories import bank, blueprint, reviewer, sitting_of, subject_with_topics, writer
from tests.cbt.qti_packages import choice_item, manifest, text_entry_item
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, client, user, live_server):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    page.goto(live_server.url + "/")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_import_report_then_assemble_and_freeze(page, client, live_server, axe_check, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    subject = subject_with_topics()
    package = tmp_path / "items.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest([("q-1", "q-1.xml", "L12101"), ("fill", "fill.xml", "L12101")]))
        archive.writestr("q-1.xml", choice_item("q-1", stem="下列何者為公制長度單位？", options=("公尺", "英呎", "碼")))
        archive.writestr("fill.xml", text_entry_item("fill"))

    sign_in(page, client, writer(), live_server)
    page.goto(f"{live_server.url}/backoffice/tools/cbt/")
    axe_check(page)
    page.get_by_role("row").filter(has_text=subject.name).get_by_role("link", name="匯入 QTI").click()
    page.get_by_label("檔案").set_input_files(str(package))
    page.get_by_role("button", name="匯入").click()
    report = page.get_by_role("table").inner_text()
    assert "q-1" in report and "fill" in report and "textEntryInteraction" in report
    axe_check(page)
    screenshot(page, "cbt-qti-import-report")

    bank(subject, {("L12101", 1): 3, ("L12102", 2): 2})
    plan = blueprint(subject, {("L12101", 1): 2, ("L12102", 2): 1})
    sitting = sitting_of(subject)
    sign_in(page, client, reviewer(), live_server)
    page.goto(f"{live_server.url}/backoffice/tools/cbt/sittings/{sitting.pk}/form/")
    page.get_by_label("命題藍圖").select_option(str(plan.pk))
    page.get_by_role("button", name="依藍圖組卷").click()
    assert page.get_by_role("table").locator("tbody tr").count() == 3
    page.get_by_role("button", name="封存試卷（之後不可再變更）").click()
    assert "試卷已封存" in page.content()
    assert page.get_by_role("button", name="依藍圖組卷").count() == 0
    axe_check(page)
    screenshot(page, "cbt-form-frozen")
    assert TestForm.objects.get().status == "frozen"
