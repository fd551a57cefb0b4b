"""身心障礙應考服務 asked after registering (a group candidate's way): the same checks and the
same staff queue and decision as needs asked on the registration form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from skillcert.registrations import edits
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import SpecialNeeds
from skillcert.registrations.special_needs import special_needs_request
from tests.factories import staff_user
from tests.groups.factories import make_sitting
from tests.groups.test_refunds import group_registrations
from tests.registrations.factories import pdf_upload, text_upload

pytestmark = pytest.mark.django_db


def test_a_group_candidate_asks_and_staff_decide_as_for_anyone():
    (registration,) = group_registrations(make_sitting(), 1, paid=False)
    needs = special_needs_request(
        registration=registration, actor=registration.candidate.user,
        needs={"extra_minutes": 20, "enlarged_paper": True, "document": pdf_upload()},
    )  # fmt: skip
    assert SpecialNeeds.objects.filter(decided_at__isnull=True).get() == needs
    edits.special_needs_decide(special_needs=needs, actor=staff_user(), approved_minutes=20, enlarged_paper=True)
    needs.refresh_from_db()
    assert (needs.approved_minutes, needs.enlarged_paper_approved) == (20, True) and needs.decided_at


@pytest.mark.parametrize(
    ("needs", "message"),
    [
        ({"extra_minutes": 30, "document": "pdf"}, "至多 20 分鐘"),
        ({"document": "pdf"}, "至少一項"),
        ({"ground_floor": True}, "須上傳"),
        ({"ground_floor": True, "document": "text"}, "PDF"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_saved(needs, message):
    (registration,) = group_registrations(make_sitting(), 1)
    files = {"pdf": pdf_upload, "text": text_upload}
    needs = {k: files[v]() if k == "document" else v for k, v in needs.items()}
    with pytest.raises(ValidationError, match=message):
        special_needs_request(registration=registration, actor=None, needs=needs)
    assert not SpecialNeeds.objects.exists()


def test_once_per_registration_and_not_after_the_group_window(frozen_now):
    (registration,) = group_registrations(make_sitting(), 1)
    special_needs_request(registration=registration, actor=None, needs={"ground_floor": True, "document": pdf_upload()})
    with pytest.raises(RegistrationError, match="已申請過"):
        special_needs_request(registration=registration, actor=None, needs={"other": "x", "document": pdf_upload()})
    (late,) = group_registrations(make_sitting(), 1)
    frozen_now(late.session.group_registration_closes + dt.timedelta(minutes=1))
    with pytest.raises(RegistrationError, match="報名期間已結束"):
        special_needs_request(registration=late, actor=None, needs={"ground_floor": True, "document": pdf_upload()})
    assert SpecialNeeds.objects.count() == 1
