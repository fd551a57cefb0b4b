"""List exports: each list for its roles, csv and xlsx, filtered, formula-safe."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skillcert.accounts.models import StaffRole
from tests.factories import PASSWORD, CandidateFactory, staff_user
from tests.reports.factories import office

pytestmark = pytest.mark.django_db


def export(slug, fmt="csv"):
    return reverse("backoffice_tools:export", args=[slug, fmt])


def as_user(client, user):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_each_list_for_its_roles(client):
    office()
    allowed = {
        StaffRole.ITEM_OFFICER: {"registrations", "candidates", "certificates"},
        StaffRole.FINANCE: {"payments"},
        StaffRole.REVIEWER: {"candidates", "certificates"},
        StaffRole.VENUE: set(),
    }
    for role, slugs in allowed.items():
        as_user(client, staff_user(role))
        for slug in ("registrations", "candidates", "payments", "certificates"):
            assert client.get(export(slug)).status_code == (200 if slug in slugs else 403), (role, slug)
    as_user(client, CandidateFactory().user)
    assert client.get(export("registrations")).status_code == 403


def test_exports_are_formula_safe_and_filtered(client):
    data = office()
    as_user(client, staff_user(StaffRole.ADMIN))
    text = client.get(export("candidates")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    south = client.get(export("registrations"), {"region": data.south.pk}).content.decode("utf-8-sig")
    assert len(south.strip().splitlines()) == 2  # header and the one registration in 高雄
    workbook = load_workbook(io.BytesIO(client.get(export("payments", "xlsx")).content))
    assert workbook.active.max_row == 1 + len(data.credits)
    assert client.get(export("registrations", "pdf")).status_code == 404
    assert client.get(export("registrations"), {"year": "x"}).status_code == 400
