"""The catalog's back office: reachable only by staff whose role grants the catalog."""

import pytest
from django import forms
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.catalog.models import ExamSession, Region
from skillcert.core.models import AuditEntry
from tests.factories import CandidateFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(brochures):
    roles_setup()


def change_url(obj):
    return reverse(f"backoffice:catalog_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", ["item", "brochure", "level", "subject", "examsession", "fee", "news", "seatpool"])
def test_item_officer_opens_every_catalog_list(client, roles, model):
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    assert client.get(reverse(f"backoffice:catalog_{model}_changelist")).status_code == 200


def test_item_officer_edits_a_session_with_its_timetable_and_seat_pools(client, roles):
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    session = ExamSession.objects.get(level__brochure__item__code="SPE", level__rank=1, nth=1)
    page = client.get(change_url(session)).content.decode()
    assert "國立臺北科技大學" in page and "timetable-TOTAL_FORMS" in page and "seat_pools-TOTAL_FORMS" in page
    level_page = client.get(change_url(session.level)).content.decode()
    assert "subjects-TOTAL_FORMS" in level_page and "fees-TOTAL_FORMS" in level_page
    assert "paths-TOTAL_FORMS" in level_page


def test_venue_staff_may_view_but_not_change_fees(client, roles):
    client.force_login(staff_user(StaffRole.VENUE))
    fee = ExamSession.objects.first().level.fees.first()
    assert client.get(reverse("backoffice:catalog_fee_changelist")).status_code == 200
    response = client.post(change_url(fee), {"amount": 1})
    assert response.status_code == 403
    fee.refresh_from_db()
    assert fee.amount != 1


@pytest.mark.parametrize("role", [StaffRole.FINANCE, StaffRole.REVIEWER, None])
def test_staff_without_a_catalog_role_are_refused(client, roles, role):
    client.force_login(staff_user(role) if role else staff_user())
    session = ExamSession.objects.first()
    assert client.get(change_url(session)).status_code == 403
    assert client.get(reverse("backoffice:catalog_news_changelist")).status_code == 403


def test_candidates_and_anonymous_visitors_are_sent_to_the_login(client, roles):
    url = reverse("backoffice:catalog_examsession_changelist")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(CandidateFactory().user)
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_catalog_changes_are_audited(client, roles):
    officer = staff_user(StaffRole.ITEM_OFFICER)
    client.force_login(officer)
    response = client.post(reverse("backoffice:catalog_region_add"), {"name": "花蓮", "position": 9})
    assert response.status_code == 302
    region = Region.objects.get(name="花蓮")
    entry = AuditEntry.objects.get(target_type="catalog.region", target_id=str(region.pk))
    assert entry.actor == officer and entry.action == "backoffice.add"


def test_catalog_lives_on_the_backoffice_site_not_the_default_admin():
    from django.contrib import admin

    from skillcert.backoffice.site import backoffice_site

    assert backoffice_site.is_registered(ExamSession)
    assert not admin.site.is_registered(ExamSession)


def _post_data(response) -> dict:
    """The change form's current values as POST data (main form and every inline)."""
    data = {}

    def put(form):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(field, forms.JSONField):
                data[key] = field.prepare_value(value)
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [getattr(v, "pk", v) for v in value]
            else:
                data[key] = getattr(value, "pk", value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        for form in formset.initial_forms:
            put(form)
    return data


def test_item_officer_edits_a_brochure_inline_and_every_row_is_audited(client, roles):
    from skillcert.catalog.models import Brochure, ReissueWindow

    officer = staff_user(StaffRole.ITEM_OFFICER)
    client.force_login(officer)
    brochure = Brochure.objects.get(item__code="SPE")
    window = brochure.reissue_windows.get(position=2)
    data = _post_data(client.get(change_url(brochure)))
    index = list(brochure.reissue_windows.values_list("pk", flat=True)).index(window.pk)
    data[f"reissue_windows-{index}-closes_on"] = "2026-06-12"
    data["group_threshold"] = 30
    response = client.post(change_url(brochure), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    brochure.refresh_from_db()
    window.refresh_from_db()
    assert brochure.group_threshold == 30
    assert str(window.closes_on) == "2026-06-12"
    assert AuditEntry.objects.filter(target_type="catalog.brochure", actor=officer, action="backoffice.change").exists()
    assert AuditEntry.objects.filter(
        target_type="catalog.reissuewindow", target_id=str(window.pk), actor=officer, action="backoffice.change"
    ).exists()
    assert ReissueWindow.objects.filter(brochure=brochure).count() == 4
