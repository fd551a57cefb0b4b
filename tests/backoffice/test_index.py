"""The back-office index links every tool the user's role may use (and only those), each link
opens for that role, and every page carries the back office's own name (never Django's)."""

import pytest
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.backoffice import urls as tool_urls
from skillcert.backoffice.tools import TOOLS
from tests.cbt.delivery_factories import exam_room
from tests.factories import PASSWORD, CandidateFactory, staff_user

pytestmark = pytest.mark.django_db

INDEX = "/backoffice/"


def signed_in(client, user):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", list(StaffRole))
def test_the_index_links_exactly_the_tools_the_role_may_open(client, role):
    user = staff_user(role)
    page = signed_in(client, user).get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    for tool in TOOLS:
        allowed = tool.allows(user)
        assert (f'href="{tool.url()}"' in html) is allowed, (role, tool.url_name)
        if allowed:
            assert client.get(tool.url()).status_code == 200, (role, tool.url_name)
        elif tool.roles:
            assert client.get(tool.url()).status_code == 403, (role, tool.url_name)


def test_every_tool_module_has_a_link_on_the_index():
    linked = {tool.url_name.split(":")[1] for tool in TOOLS if tool.url_name.startswith("backoffice_tools:")}
    for included in tool_urls.urlpatterns:
        names = {pattern.name for pattern in included.url_patterns if pattern.name}
        assert names & linked, included.pattern


def test_admin_sees_every_tool_and_the_message_log(client):
    admin = staff_user(StaffRole.ADMIN, is_superuser=True)
    html = signed_in(client, admin).get(INDEX).content.decode()
    for tool in TOOLS:
        assert f'href="{tool.url()}"' in html
    assert reverse("backoffice:notifications_message_changelist") in html


def test_every_tool_page_carries_the_back_office_name(client):
    admin = staff_user(StaffRole.ADMIN, is_superuser=True)
    signed_in(client, admin)
    for url in [INDEX] + [tool.url() for tool in TOOLS]:
        html = client.get(url).content.decode()
        assert "Django" not in html, url
        assert "iPAS 能力鑑定 後台" in html, url


def test_outsiders_do_not_reach_the_index(client):
    assert client.get(INDEX).status_code == 302
    signed_in(client, CandidateFactory().user)
    assert client.get(INDEX).status_code == 302


def test_venue_staff_reach_their_rooms_console_from_the_index_and_others_do_not(client, frozen_now):
    room = exam_room(frozen_now)
    room.candidate()
    consoles = reverse("backoffice_tools:examday_consoles")
    console = reverse("examroom:room", args=[room.opening.room_id, room.period.pk])
    proctor = signed_in(client, staff_user(StaffRole.VENUE))
    assert f'href="{consoles}"' in proctor.get(INDEX).content.decode()
    picked = proctor.get(consoles, {"session": room.period.session_id}).content.decode()
    assert f'href="{console}"' in picked and room.opening.room.name in picked
    kits = proctor.get(reverse("backoffice_tools:examday_kits"), {"session": room.period.session_id})
    assert f'href="{console}"' in kits.content.decode()
    assert proctor.get(console).status_code == 302  # on to the console of that room and period
    for role in (StaffRole.FINANCE, StaffRole.ITEM_REVIEWER, StaffRole.REVIEWER, StaffRole.ITEM_OFFICER):
        other = signed_in(client, staff_user(role))
        assert f'href="{consoles}"' not in other.get(INDEX).content.decode(), role
        assert other.get(consoles, {"session": room.period.session_id}).status_code == 403, role
        assert other.get(console).status_code == 403, role
