"""Each report page in Chromium: its SVG chart (with title) and its data table render, and the
page has no serious accessibility violation (axe)."""

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.reports.catalogue import REPORTS
from tests.factories import staff_user
from tests.reports.factories import office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_report_renders_its_chart_and_table(page, live_server, axe_check):
    office()
    client = Client()
    client.force_login(staff_user(StaffRole.ADMIN))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for slug in REPORTS:
        page.goto(reverse("backoffice_tools:report", args=[slug]))
        assert page.locator("svg.report-chart title").count() == 1, slug
        assert page.locator("svg.report-chart rect").count() >= 1, slug
        assert page.locator("table.report-table tbody tr").count() >= 1, slug
        axe_check(page)
