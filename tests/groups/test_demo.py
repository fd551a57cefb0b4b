import pytest

from skillcert.groups.demo import DEMO_USERNAME, create_demo_coordinator
from skillcert.groups.models import Coordinator

pytestmark = pytest.mark.django_db


def test_demo_coordinator_is_verified_with_recognition_and_created_once():
    lines = create_demo_coordinator()
    create_demo_coordinator()
    coordinator = Coordinator.objects.get(user__username=DEMO_USERNAME)
    assert coordinator.verified_at and coordinator.organisation.has_recognition
    assert Coordinator.objects.count() == 1 and DEMO_USERNAME in lines[0]
