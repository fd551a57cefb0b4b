import pytest

from skillcert.groups.demo import DEMO_ORGANISER_USERNAME, DEMO_USERNAME, create_demo_coordinator
from skillcert.groups.models import Coordinator

pytestmark = pytest.mark.django_db


def test_demo_coordinator_is_verified_with_recognition_and_created_once():
    lines = create_demo_coordinator()
    create_demo_coordinator()
    coordinator = Coordinator.objects.get(user__username=DEMO_USERNAME)
    assert coordinator.verified_at and coordinator.organisation.has_recognition
    assert Coordinator.objects.count() == 2 and DEMO_USERNAME in lines[0]
    organiser = Coordinator.objects.get(user__username=DEMO_ORGANISER_USERNAME).organisation
    assert organiser.is_recharge_organiser and DEMO_ORGANISER_USERNAME in lines[1]
