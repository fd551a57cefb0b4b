"""Rooms and dedicated venues refuse bad input with clear messages, in the admin too."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from skillcert.accounts.roles import roles_setup
from skillcert.core.audit import history
from skillcert.examday.models import DedicatedVenue, Room
from skillcert.groups.models import RequestStatus, VenueRequest
from tests.factories import PASSWORD, StaffRole, staff_user
from tests.groups.factories import make_sitting

from .factories import closed_sitting, make_room, make_venue

pytestmark = pytest.mark.django_db


def test_a_capacity_that_is_not_rows_times_columns_is_refused_once_with_the_figures():
    room = make_room(make_venue(), rows=3, columns=4)
    room.capacity = 10
    with pytest.raises(ValidationError) as refused:
        room.full_clean()
    assert refused.value.messages == ["容量 10 與座位數不符：3 排 × 每排 4 位 = 12 位。"]


def test_the_database_refuses_such_a_room_even_without_validation():
    venue = make_venue()
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.create(venue=venue, name="X", rows=3, columns=4, capacity=13)


def test_an_upstairs_room_without_lift_cannot_be_accessible():
    room = make_room(make_venue(has_lift=False), floor=4, accessible=True)
    with pytest.raises(ValidationError) as refused:
        room.full_clean()
    assert "沒有電梯" in refused.value.messages[0]


def _approved_request(session):
    return VenueRequest.objects.create(
        group_sitting=make_sitting(session=session), kind="written", candidates=120, room="本校電腦教室",
        status=RequestStatus.APPROVED,
    )  # fmt: skip


def test_a_venue_without_rooms_cannot_be_a_dedicated_venue():
    session = closed_sitting(subjects=("written",))
    dedicated = DedicatedVenue(venue_request=_approved_request(session), venue=make_venue(name="空的學校"))
    with pytest.raises(ValidationError) as refused:
        dedicated.full_clean()
    assert "尚未設定試場" in " ".join(refused.value.messages)


def test_a_request_not_yet_approved_cannot_get_a_dedicated_venue():
    session = closed_sitting(subjects=("written",))
    request = _approved_request(session)
    VenueRequest.objects.filter(pk=request.pk).update(status=RequestStatus.SUBMITTED)
    request.refresh_from_db()
    venue = make_venue()
    make_room(venue)
    with pytest.raises(ValidationError) as refused:
        DedicatedVenue(venue_request=request, venue=venue).full_clean()
    assert "尚未核准" in " ".join(refused.value.messages)


def test_the_back_office_form_shows_the_capacity_message_and_saves_nothing(client):
    roles_setup()
    venue = make_venue()
    admin = staff_user(StaffRole.ADMIN)
    client.login(username=admin.username, password=PASSWORD)
    form = {"venue": venue.pk, "name": "A301", "kind": "computer", "floor": 3, "rows": 5, "columns": 6,
            "capacity": 28, "position": 0, "is_active": "on"}  # fmt: skip
    response = client.post(reverse("backoffice:examday_room_add"), form)
    assert response.status_code == 200
    assert "5 排 × 每排 6 位 = 30 位" in response.content.decode()
    assert not Room.objects.exists()
    response = client.post(reverse("backoffice:examday_room_add"), {**form, "capacity": 30})
    assert response.status_code == 302 and Room.objects.get().capacity == 30


def test_staff_edit_a_venue_with_its_rooms_and_a_bad_room_is_refused(client):
    roles_setup()
    venue = make_venue()
    make_room(venue, rows=2, columns=2, name="A101")
    staff = staff_user(StaffRole.ADMIN)
    client.force_login(staff)
    url = reverse("backoffice:catalog_venue_change", args=[venue.pk])
    assert "A101" in client.get(url).content.decode()
    form = {
        "region": venue.region_id, "name": venue.name, "address": venue.address, "map_url": "", "contact_name": "",
        "contact_phone": "", "has_lift": "on", "rooms-TOTAL_FORMS": 1, "rooms-INITIAL_FORMS": 0,
        "rooms-0-name": "B201", "rooms-0-kind": "paper", "rooms-0-floor": 2, "rooms-0-rows": 4, "rooms-0-columns": 5,
        "rooms-0-capacity": 21, "rooms-0-is_active": "on",
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200 and "4 排 × 每排 5 位 = 20 位" in response.content.decode()
    assert not Room.objects.filter(name="B201").exists()
    assert client.post(url, {**form, "rooms-0-capacity": 20}).status_code == 302
    room = Room.objects.get(name="B201")
    assert room.capacity == 20
    # the room added through the venue page is audited under the staff member's name
    assert [(e.action, e.actor.username) for e in history(room)] == [("backoffice.add", staff.username)]
