import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail

from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.groups import services
from skillcert.groups.errors import GroupError
from skillcert.groups.models import RequestStatus, VenueRequest
from skillcert.registrations.services import registration_create
from tests.factories import CandidateFactory, make_session, staff_user
from tests.groups.factories import make_coordinator, make_sitting

pytestmark = pytest.mark.django_db

ORG = {
    "group_code": "NTUT", "name": "國立臺北科技大學", "kind": "school", "business_number": "04595257",
    "invoice_title": "國立臺北科技大學", "address": "臺北市大安區忠孝東路三段1號",
}  # fmt: skip


def sign_up(**org):
    return services.coordinator_sign_up(
        username="ntutgroup", password_hash=make_password("x"), email="c@ntut.example", name="周小姐",
        phone="02-27712171", organisation={**ORG, **org},
    )  # fmt: skip


def test_sign_up_creates_an_unverified_coordinator_with_the_organisation():
    coordinator = sign_up()
    assert coordinator.user.kind == "coordinator"
    assert coordinator.verified_at is None
    assert coordinator.organisation.business_number == "04595257"


@pytest.mark.parametrize("number", ["04595258", "1234567", "ABCDEFGH", ""])
def test_sign_up_refuses_a_bad_business_number(number):
    with pytest.raises(GroupError, match="統一編號"):
        sign_up(business_number=number)


def test_sign_up_accepts_a_business_number_valid_only_under_the_2023_rule():
    assert sign_up(business_number="70008819").organisation.business_number == "70008819"


def test_a_group_code_is_taken_once():
    sign_up()
    with pytest.raises(GroupError):
        services.coordinator_sign_up(
            username="other", password_hash="x", email="o@x.example", name="王", phone="1", organisation=ORG
        )


def test_staff_verification_is_audited_and_mailed():
    coordinator = sign_up()
    officer = staff_user()
    with_commit = services.coordinator_verify(coordinator=coordinator, actor=officer)
    assert with_commit.verified_at is not None
    assert history(coordinator).filter(action="groups.coordinator_verified", actor=officer).exists()


def test_verification_mail_reaches_the_coordinator(django_capture_on_commit_callbacks):
    coordinator = sign_up()
    with django_capture_on_commit_callbacks(execute=True):
        services.coordinator_verify(coordinator=coordinator, actor=staff_user())
    assert mail.outbox[-1].to == ["c@ntut.example"]
    assert "已通過執行單位認證" in mail.outbox[-1].body


def test_an_unverified_coordinator_cannot_register_a_sitting():
    coordinator = make_coordinator(verified=False)
    with pytest.raises(GroupError, match="尚未通過認證"):
        services.group_sitting_register(coordinator=coordinator, session=make_session(), actor=coordinator.user)


def test_registering_a_sitting_gives_one_code_and_asking_again_gives_the_same():
    coordinator = make_coordinator()
    session = make_session()
    first = services.group_sitting_register(coordinator=coordinator, session=session, actor=coordinator.user)
    again = services.group_sitting_register(coordinator=coordinator, session=session, actor=coordinator.user)
    assert first.pk == again.pk and len(first.discount_code) == 10


def test_registering_outside_the_group_window_is_refused(frozen_now):
    coordinator = make_coordinator()
    session = make_session()
    frozen_now(session.group_registration_closes + dt.timedelta(minutes=1))
    with pytest.raises(GroupError, match="不在團體報名期間"):
        services.group_sitting_register(coordinator=coordinator, session=session, actor=coordinator.user)


def test_a_code_is_found_for_its_own_sitting_only():
    sitting = make_sitting(code="ABCDEFGH23")
    other_session = make_session(sitting.session.level, nth=2)
    assert services.group_sitting_for_code(code="abcd-efgh-23", session=sitting.session) == sitting
    with pytest.raises(GroupError, match="不適用於本梯次"):
        services.group_sitting_for_code(code="ABCDEFGH23", session=other_session)
    with pytest.raises(GroupError, match="折扣碼錯誤"):
        services.group_sitting_for_code(code="ZZZZZZZZZZ", session=sitting.session)


def test_a_code_expires_when_its_group_window_closes_or_the_sitting_is_cancelled(frozen_now):
    sitting = make_sitting(code="ABCDEFGH23")
    session = sitting.session
    frozen_now(session.group_registration_closes - dt.timedelta(minutes=1))
    assert services.group_sitting_for_code(code="ABCDEFGH23", session=session) == sitting
    frozen_now(session.group_registration_closes)  # [opens, closes): closed at the printed instant
    with pytest.raises(GroupError, match="此團報折扣碼已失效：團體報名已於") as refused:
        services.group_sitting_for_code(code="ABCDEFGH23", session=session)
    assert refused.value.code == "expired"
    frozen_now(session.group_registration_closes - dt.timedelta(minutes=1))
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled"])
    with pytest.raises(GroupError, match="此團報折扣碼已失效：本梯次已停辦"):
        services.group_sitting_for_code(code="ABCDEFGH23", session=session)


def test_an_empty_code_is_wrong_not_a_lookup():
    sitting = make_sitting()
    with pytest.raises(GroupError, match="折扣碼錯誤"):
        services.group_sitting_for_code(code=" -- ", session=sitting.session)


def test_a_candidate_with_the_code_gets_the_group_price_and_no_payment_deadline():
    sitting = make_sitting()
    session = sitting.session
    registration = registration_create(
        candidate=CandidateFactory(), session=session, subjects=list(session.level.subjects.filter(number__in=[1, 2])),
        region=session.regions.first(), group_sitting=services.group_sitting_for_code(
            code=sitting.discount_code, session=session),
    )  # fmt: skip
    assert registration.plan == "group" and registration.amount == 1200
    assert registration.payment_deadline is None


def _registrations(sitting, count):
    session = sitting.session
    subjects = list(session.level.subjects.filter(number__in=[1, 2]))
    region = session.regions.first()
    for _ in range(count):
        registration_create(candidate=CandidateFactory(), session=session, subjects=subjects, region=region,
                            group_sitting=sitting)  # fmt: skip


def test_dedicated_venue_needs_twenty_practical_candidates():
    sitting = make_sitting()
    _registrations(sitting, 3)
    with pytest.raises(GroupError, match="須達 20 人"):
        services.venue_request_create(sitting=sitting, kind="practical", room="實習工廠", actor=None)
    with pytest.raises(GroupError, match="須達 120 人"):
        services.venue_request_create(sitting=sitting, kind="written", room="電腦教室", actor=None)


def test_dedicated_venue_request_with_enough_candidates_is_decided_by_staff(monkeypatch):
    monkeypatch.setitem(services.rules.DEDICATED_VENUE_MINIMUM, "written", 3)
    sitting = make_sitting()
    _registrations(sitting, 3)
    request = services.venue_request_create(sitting=sitting, kind="written", room="電腦教室 A101", actor=None)
    assert request.candidates == 3 and request.status == RequestStatus.SUBMITTED
    officer = staff_user()
    with pytest.raises(GroupError, match="請填寫說明"):
        services.venue_request_decide(request=request, approved=False, note="", actor=officer)
    services.venue_request_decide(request=request, approved=True, note="", actor=officer)
    assert VenueRequest.objects.get(pk=request.pk).status == RequestStatus.APPROVED
    assert history(request).filter(to_state="approved", actor=officer).exists()


def test_clock_is_used_for_verification_time(frozen_now):
    moment = frozen_now(clock.at(dt.date(2026, 3, 2), 9))
    coordinator = services.coordinator_verify(coordinator=make_coordinator(verified=False), actor=staff_user())
    assert coordinator.verified_at == moment
