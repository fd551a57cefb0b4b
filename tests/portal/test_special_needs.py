"""The candidate's special-needs page: the owner asks with the document; another candidate,
a coordinator and an anonymous visitor cannot; bad input gets a message and saves nothing."""

import pytest

from skillcert.accounts.models import StaffRole
from skillcert.groups.upload import special_needs_record
from skillcert.registrations.models import SpecialNeeds
from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import make_coordinator, make_sitting
from tests.groups.test_refunds import group_registrations
from tests.registrations.factories import pdf_upload

pytestmark = pytest.mark.django_db


def url(registration):
    return f"/portal/special-needs/{registration.pk}/"


def test_a_group_candidate_asks_and_the_coordinator_sees_it(client):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    (registration,) = group_registrations(sitting, 1)
    client.force_login(registration.candidate.user)
    assert url(registration) in client.get(f"/portal/registrations/{registration.pk}/").content.decode()
    assert client.get(url(registration)).status_code == 200
    response = client.post(url(registration), {"extra_minutes": "20", "document": pdf_upload()})
    assert response.status_code == 302
    assert SpecialNeeds.objects.get(registration=registration).extra_minutes == 20
    page = client.get(f"/portal/registrations/{registration.pk}/").content.decode()
    assert "身心障礙應考服務" in page and "審核中" in page
    client.force_login(coordinator.user)
    row = client.get(f"/group/sittings/{sitting.pk}/").content.decode().split(registration.candidate.national_id)[1]
    assert "審核中" in row.split("</tr>")[0]


def test_without_the_document_the_candidate_is_told_and_nothing_is_saved(client):
    (registration,) = group_registrations(make_sitting(), 1)
    client.force_login(registration.candidate.user)
    response = client.post(url(registration), {"ground_floor": "on"})
    assert response.status_code == 400 and "errorlist" in response.content.decode()
    response = client.post(url(registration), {"document": pdf_upload()})
    assert response.status_code == 400 and "請勾選至少一項應考服務" in response.content.decode()
    assert not SpecialNeeds.objects.exists()


def test_others_cannot_reach_the_page(client):
    (registration,) = group_registrations(make_sitting(), 1)
    client.force_login(CandidateFactory().user)
    assert client.get(url(registration)).status_code == 404
    client.force_login(make_coordinator().user)
    assert client.get(url(registration)).status_code in (403, 404)
    client.logout()
    response = client.post(url(registration), {"ground_floor": "on", "document": pdf_upload()})
    assert response.status_code == 302 and "login" in response.url
    assert not SpecialNeeds.objects.exists()


def test_needs_asked_in_the_upload_wait_for_the_document_before_staff_see_them(client):
    (registration,) = group_registrations(make_sitting(), 1)
    row = type("Row", (), {"registration_id": registration.pk, "data": {"needs": {"ground_floor": True}}})()
    special_needs_record([row], None)
    officer = staff_user(StaffRole.ITEM_OFFICER)
    client.force_login(officer)
    queue = "/backoffice/tools/registrations/reviews/"
    assert registration.candidate.name_zh not in client.get(queue).content.decode()
    client.force_login(registration.candidate.user)
    assert "請上傳證明文件" in client.get(f"/portal/registrations/{registration.pk}/").content.decode()
    assert client.post(url(registration), {"ground_floor": "on", "document": pdf_upload()}).status_code == 302
    client.force_login(officer)
    assert registration.candidate.name_zh in client.get(queue).content.decode()
