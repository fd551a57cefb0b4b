"""Audit search: admin only, filters by person, object, action and dates, paginated,
exported formula-safe; the AuditEntry admin opens on the back office's site."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.models import AuditEntry
from tests.factories import PASSWORD, CandidateFactory, staff_user

pytestmark = pytest.mark.django_db

SEARCH = reverse("backoffice_tools:audit_search")


@pytest.fixture
def admin(client):
    user = staff_user(StaffRole.ADMIN)
    client.login(username=user.username, password=PASSWORD)
    return user


def test_only_admin_searches(client):
    for user, expected in ((staff_user(StaffRole.FINANCE), 403), (CandidateFactory().user, 403)):
        client.logout()
        client.login(username=user.username, password=PASSWORD)
        assert client.get(SEARCH).status_code == expected
    client.logout()
    assert client.get(SEARCH).status_code == 302


def test_filters_by_person_object_action_and_date(client, admin):
    other = staff_user(StaffRole.FINANCE)
    target = CandidateFactory()
    mine = log_action(target, "test.touch", actor=admin, reason="reason-mine")
    log_action(target, "test.other", actor=other, reason="reason-theirs")
    log_action(other, "test.touch", actor=other, reason="reason-elsewhere")
    old = log_action(target, "test.touch", actor=admin, reason="reason-old")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=clock.now() - dt.timedelta(days=10))
    today = clock.today().isoformat()
    query = {"person": admin.username, "target_type": mine.target_type, "target_id": mine.target_id,
             "action": "test.touch", "since": today, "until": today}  # fmt: skip
    html = client.get(SEARCH, query).content.decode()
    assert "reason-mine" in html
    for absent in ("reason-theirs", "reason-elsewhere", "reason-old"):
        assert absent not in html


def test_reversed_dates_are_refused(client, admin):
    response = client.get(SEARCH, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 400
    assert "起日不可晚於迄日" in response.content.decode()


def test_paginated_and_exported_formula_safe(client, admin):
    target = CandidateFactory()
    for n in range(55):
        log_action(target, "test.bulk", actor=admin, reason=f"=cmd|{n}")
    first = client.get(SEARCH, {"action": "test.bulk"}).content.decode()
    assert "第 1 / 2 頁" in first
    second = client.get(SEARCH, {"action": "test.bulk", "page": 2}).content.decode()
    assert second.count("=cmd|") == 5
    text = client.get(SEARCH, {"action": "test.bulk", "export": "csv"}).content.decode("utf-8-sig")
    assert text.count("'=cmd|") == 55
    xlsx = client.get(SEARCH, {"action": "test.bulk", "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_audit_admin_opens_read_only(client, admin):
    log_action(CandidateFactory(), "test.touch", actor=admin)
    admin.is_superuser = True
    admin.save()
    response = client.get(reverse("backoffice:core_auditentry_changelist"))
    assert response.status_code == 200
    assert client.get(reverse("backoffice:core_auditentry_add")).status_code == 403
