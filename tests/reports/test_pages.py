"""The report pages over HTTP: who may read which report, each renders its chart (SVG with a
title) and its table, bad filters get a 400, and exports are formula-safe."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from skillcert.accounts.models import StaffRole
from skillcert.reports.catalogue import FINANCE, REPORTS
from tests.factories import PASSWORD, CandidateFactory, staff_user
from tests.reports.factories import office

pytestmark = pytest.mark.django_db


def url(slug, **query):
    base = reverse("backoffice_tools:report", args=[slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def as_user(client, user):
    client.logout()
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


def test_each_role_reads_its_reports_only(client):
    office()
    people = {
        "officer": staff_user(StaffRole.ITEM_OFFICER),
        "finance": staff_user(StaffRole.FINANCE),
        "admin": staff_user(StaffRole.ADMIN),
        "venue": staff_user(StaffRole.VENUE),
        "candidate": CandidateFactory().user,
    }
    for who, user in people.items():
        as_user(client, user)
        for slug, report in REPORTS.items():
            money = report.roles == FINANCE
            allowed = who == "admin" or (who == "finance" and money) or (who == "officer" and not money)
            expected = 200 if allowed else 403
            assert client.get(url(slug)).status_code == expected, (who, slug)
    as_user(client, None)
    assert client.get(url("seats")).status_code == 302


def test_every_report_shows_a_chart_and_its_table(client):
    office()
    as_user(client, staff_user(StaffRole.ADMIN))
    for slug, report in REPORTS.items():
        html = client.get(url(slug)).content.decode()
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img"' in html, slug
        with translation.override("zh-hant"):
            assert f'<title id="chart-title">{report.title}</title>' in html, slug
        assert '<table class="report-table">' in html, slug
        assert "cdn" not in html.lower(), slug


def test_bad_filters_are_refused_with_a_message(client):
    as_user(client, staff_user(StaffRole.ADMIN))
    response = client.get(url("seats", year="abc", sitting="999999"))
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert client.get(url("no-such-report")).status_code == 404


def test_exports_are_formula_safe(client):
    office()
    as_user(client, staff_user(StaffRole.ITEM_OFFICER))
    text = client.get(url("registrations-by-school", export="csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    workbook = load_workbook(io.BytesIO(client.get(url("registrations-by-school", export="xlsx")).content))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("x")' in cells
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)
