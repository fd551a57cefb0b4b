"""Every group-portal page: the owner's coordinator gets it; a coordinator of another group,
a candidate and staff get 404; an anonymous visitor is sent to the login page."""

import pytest

from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import make_coordinator, make_sitting

pytestmark = pytest.mark.django_db

SITTING_PAGES = [
    ("get", "/group/sittings/{pk}/"),
    ("get", "/group/sittings/{pk}/template.xlsx"),
    ("get", "/group/sittings/{pk}/template.csv"),
    ("get", "/group/sittings/{pk}/upload/"),
    ("get", "/group/sittings/{pk}/export.xlsx"),
    ("get", "/group/sittings/{pk}/export.csv"),
    ("get", "/group/sittings/{pk}/checklist.pdf"),
    ("get", "/group/sittings/{pk}/venue/"),
    ("get", "/group/sittings/{pk}/refund/"),
    ("get", "/group/sittings/{pk}/changes/"),
    ("post", "/group/sittings/{pk}/upload/"),
    ("post", "/group/sittings/{pk}/venue/"),
    ("post", "/group/sittings/{pk}/refund/"),
    ("post", "/group/sittings/{pk}/changes/"),
]
OWN_PAGES = [("get", "/group/"), ("get", "/group/organisation/"), ("post", "/group/sittings/register/")]


@pytest.fixture
def owner_sitting():
    coordinator = make_coordinator()
    return coordinator, make_sitting(coordinator=coordinator)


@pytest.mark.parametrize(("method", "url"), SITTING_PAGES)
def test_the_owner_reaches_every_sitting_page(client, owner_sitting, method, url):
    coordinator, sitting = owner_sitting
    client.force_login(coordinator.user)
    response = getattr(client, method)(url.format(pk=sitting.pk))
    assert response.status_code in (200, 400)  # 400: an empty form posted back with its errors


@pytest.mark.parametrize(("method", "url"), SITTING_PAGES)
def test_a_coordinator_of_another_group_gets_404(client, owner_sitting, method, url):
    _coordinator, sitting = owner_sitting
    client.force_login(make_coordinator().user)
    assert getattr(client, method)(url.format(pk=sitting.pk)).status_code == 404


@pytest.mark.parametrize(("method", "url"), SITTING_PAGES + OWN_PAGES)
def test_candidates_and_staff_get_404(client, owner_sitting, method, url):
    _coordinator, sitting = owner_sitting
    for user in (CandidateFactory().user, staff_user()):
        client.force_login(user)
        assert getattr(client, method)(url.format(pk=sitting.pk)).status_code == 404


@pytest.mark.parametrize(("method", "url"), SITTING_PAGES + OWN_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, owner_sitting, method, url):
    _coordinator, sitting = owner_sitting
    response = getattr(client, method)(url.format(pk=sitting.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


BACKOFFICE = [
    ("get", "/backoffice/tools/groups/", ("item_officer", "finance")),
    ("post", "/backoffice/tools/groups/coordinators/{coordinator}/verify/", ("item_officer",)),
    ("get", "/backoffice/tools/groups/sittings/{pk}/remittance/", ("finance",)),
]


@pytest.mark.parametrize(("method", "url", "roles"), BACKOFFICE)
def test_back_office_group_tools_check_the_role(client, owner_sitting, method, url, roles):
    from skillcert.accounts.models import StaffRole

    coordinator, sitting = owner_sitting
    target = url.format(pk=sitting.pk, coordinator=coordinator.pk)
    for user in (coordinator.user, CandidateFactory().user, staff_user(StaffRole.VENUE)):
        client.force_login(user)
        assert getattr(client, method)(target).status_code == 403
    client.force_login(staff_user(StaffRole(roles[0])))
    assert getattr(client, method)(target).status_code in (200, 302)
    client.logout()
    assert getattr(client, method)(target).status_code == 302
