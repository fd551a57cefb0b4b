"""Issue 14 §9 (least privilege): a stored document opens only for the staff role that decides
on it. The probe's finance account opened special-needs medical documents; now every
document-serving view is tried by every kind of user."""

import pytest

from skillcert.accounts.models import StaffRole, User
from tests.factories import CandidateFactory, UserFactory, staff_user
from tests.security.upload_endpoints import ENDPOINTS, POLYGLOT_PDF, upload

pytestmark = pytest.mark.django_db

SERVED = ["plan", "special_needs", "refund", "renewal"]


def _users():
    users = {role.value: staff_user(role, password=None) for role in StaffRole}
    users["staff without a role"] = staff_user(password=None)
    users["another candidate"] = CandidateFactory(user__password=None).user
    users["coordinator"] = UserFactory(kind=User.Kind.COORDINATOR, password=None)
    return users


@pytest.mark.parametrize("name", SERVED)
def test_only_the_deciding_role_and_admin_open_a_document(client, frozen_now, name):
    endpoint = ENDPOINTS[name](client, frozen_now)
    assert endpoint.post(upload("x.html", POLYGLOT_PDF)).status_code == 302
    [(_stored, url)] = endpoint.documents()
    allowed = {endpoint.deciding_role.value, StaffRole.ADMIN.value}
    assert client.get(url).status_code == 403, "the candidate who uploaded it is not staff"
    for label, user in _users().items():
        client.force_login(user)
        expected = 200 if label in allowed else 403
        assert client.get(url).status_code == expected, (endpoint.name, label)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_finance_cannot_open_a_special_needs_medical_document(client, frozen_now):
    endpoint = ENDPOINTS["special_needs"](client, frozen_now)
    endpoint.post(upload("診斷證明.pdf", POLYGLOT_PDF, "application/pdf"))
    [(_stored, url)] = endpoint.documents()
    client.force_login(staff_user(StaffRole.FINANCE, password=None))
    refused = client.get(url)
    assert refused.status_code == 403 and b"%PDF" not in refused.content
    client.force_login(staff_user(StaffRole.ITEM_OFFICER, password=None))
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")


def test_an_unknown_document_kind_is_not_found(client):
    client.force_login(staff_user(StaffRole.ADMIN, password=None))
    assert client.get("/backoffice/tools/registrations/documents/avatar/1/").status_code == 404
