import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from skillcert.catalog.models import SeatPool
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.core.states import InvalidTransition, transition
from skillcert.registrations import edits, rules, services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import PlanDocument, Registration, RegistrationStatus, SpecialNeeds
from skillcert.registrations.policies import BY_CANDIDATE
from tests.factories import CandidateFactory, make_level, make_session, staff_user
from tests.registrations.factories import pdf_upload, register, subjects_of, text_upload

pytestmark = pytest.mark.django_db


def held(session):
    return SeatPool.objects.get(session=session, kind="written").held


def test_a_new_candidate_registers_at_the_new_candidate_price_and_holds_a_seat(
    django_capture_on_commit_callbacks, mailoutbox
):
    session = make_session()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session=session, numbers=(1, 2))
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert (registration.plan, registration.amount) == ("new", 1600)
    assert [s.fee for s in registration.subjects.order_by("subject__number")] == [800, 800]
    assert registration.payment_deadline is not None
    assert held(session) == 1
    assert [e.action for e in history(registration)] == ["registration.created"]
    assert len(mailoutbox) == 1 and "報名已收到" in mailoutbox[0].subject


def test_a_returning_candidate_pays_the_returning_price():
    candidate = CandidateFactory()
    level = make_level()
    earlier = register(candidate=candidate, session=make_session(level, nth=1), numbers=(1, 2))
    services.registration_mark_paid(registration=earlier)
    later = register(candidate=candidate, session=make_session(level, nth=2), numbers=(1, 3))
    assert (later.plan, later.amount) == ("returning", 600 + 1800)


def test_subjects_must_complete_a_certification_path():
    with pytest.raises(RegistrationError) as error:
        register(numbers=(2, 3))
    assert error.value.code == "paths" and "1+2" in error.value.messages[0]
    assert Registration.objects.count() == 0


def test_after_the_deadline_registration_is_refused_with_the_closing_time(frozen_now):
    session = make_session()
    frozen_now(session.registration_closes + dt.timedelta(minutes=1))
    with pytest.raises(RegistrationError) as error:
        register(session=session)
    assert error.value.code == "closed" and "截止" in error.value.messages[0]
    assert held(session) == 0


def test_a_full_sitting_says_so_and_names_the_next_sitting_with_seats():
    level = make_level()
    full = make_session(level, nth=1, capacity=1)
    following = make_session(level, nth=2, capacity=5, exam_in_days=60)
    register(session=full)
    with pytest.raises(RegistrationError) as error:
        register(session=full)
    message = error.value.messages[0]
    assert error.value.code == "full" and "名額已滿" in message and str(following) in message
    assert held(full) == 1 and Registration.objects.filter(session=full).count() == 1
    assert error.value.next_session == following


def test_the_offer_of_a_next_sitting_follows_staff_changes_at_once():
    level = make_level()
    full = make_session(level, nth=1, capacity=1)
    following = make_session(level, nth=2, exam_in_days=60)
    register(session=full)
    with pytest.raises(services.SittingFull) as first:
        register(session=full)
    assert first.value.next_session == following
    following.is_cancelled = True
    following.save()  # a catalog change clears the offer kept for registration night
    with pytest.raises(services.SittingFull) as second:
        register(session=full)
    assert second.value.next_session is None and "沒有其他尚有名額的梯次" in second.value.messages[0]


def test_one_open_registration_per_session():
    candidate, session = CandidateFactory(), make_session()
    register(candidate=candidate, session=session)
    with pytest.raises(RegistrationError) as error:
        register(candidate=candidate, session=session, numbers=(1, 3))
    assert error.value.code == "duplicate" and held(session) == 1


def test_the_30_percent_plan_waits_for_review_then_gets_a_deadline(django_capture_on_commit_callbacks, mailoutbox):
    session = make_session()
    with pytest.raises(RegistrationError):
        register(session=session, claimed_plan="disadvantaged")
    registration = register(session=session, claimed_plan="disadvantaged", documents=[pdf_upload()])
    assert (registration.status, registration.amount, registration.payment_deadline) == ("awaiting_review", 720, None)
    assert PlanDocument.objects.filter(registration=registration).count() == 1
    assert held(session) == 1
    officer = staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve_eligibility(registration=registration, actor=officer, approved=True)
    registration.refresh_from_db()
    assert registration.status == "awaiting_payment" and registration.amount == 720 and registration.payment_deadline
    assert "審核結果" in mailoutbox[-1].subject


def test_refused_documents_reprice_at_the_lowest_plan_without_documents():
    registration = register(claimed_plan="disadvantaged", documents=[pdf_upload()])
    with pytest.raises(RegistrationError):
        services.registration_approve_eligibility(registration=registration, actor=staff_user(), approved=False)
    services.registration_approve_eligibility(
        registration=registration, actor=staff_user(), approved=False, reason="證明文件已過期"
    )
    registration.refresh_from_db()
    assert (registration.status, registration.plan, registration.amount) == ("awaiting_payment", "new", 1600)
    assert registration.review_note == "證明文件已過期"


def test_an_upload_that_is_not_a_document_is_refused_and_nothing_is_saved():
    session = make_session()
    with pytest.raises(ValidationError) as error:
        register(session=session, claimed_plan="disadvantaged", documents=[text_upload()])
    assert "PDF" in error.value.messages[0]
    assert Registration.objects.count() == 0 and held(session) == 0


def test_special_needs_are_requested_with_a_document_and_decided_per_item():
    session = make_session()
    with pytest.raises(RegistrationError):
        register(session=session, special_needs={"extra_minutes": 25, "document": pdf_upload()})
    with pytest.raises(RegistrationError):
        register(session=session, special_needs={"extra_minutes": 10})
    registration = register(
        session=session,
        special_needs={"extra_minutes": 20, "ground_floor": True, "other": "需要放大鏡", "document": pdf_upload()},
    )
    needs = SpecialNeeds.objects.get(registration=registration)
    assert needs.requested_items() == ["extra_minutes", "ground_floor", "other"]
    with pytest.raises(RegistrationError):
        edits.special_needs_decide(
            special_needs=needs, actor=staff_user(), approved_minutes=30, ground_floor=True, other=False
        )
    with pytest.raises(RegistrationError):  # every requested item needs a decision
        edits.special_needs_decide(special_needs=needs, actor=staff_user(), approved_minutes=10, ground_floor=True)
    edits.special_needs_decide(
        special_needs=needs, actor=staff_user(), approved_minutes=10, ground_floor=True, other=False, note="自備放大鏡"
    )
    needs.refresh_from_db()
    assert (needs.approved_minutes, needs.ground_floor_approved, needs.other_approved) == (10, True, False)
    assert needs.enlarged_paper_approved is None


def test_paid_once_e_mails_繳費成功_and_a_second_call_changes_nothing(django_capture_on_commit_callbacks, mailoutbox):
    registration = register()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_mark_paid(registration=registration, reason="bank file")
        services.registration_mark_paid(registration=registration, reason="bank file again")
    registration.refresh_from_db()
    assert registration.status == "paid"
    assert [m.subject for m in mailoutbox].count(f"iPAS 繳費成功 #{registration.pk}") == 1
    assert [e.to_state for e in history(registration)] == ["awaiting_payment", "paid"]


def test_cancel_gives_the_seat_back():
    session = make_session()
    registration = register(session=session)
    services.registration_cancel(registration=registration, by=BY_CANDIDATE, actor=registration.candidate.user)
    registration.refresh_from_db()
    assert registration.status == "cancelled" and held(session) == 0
    again = register(candidate=registration.candidate, session=session)  # a cancelled one no longer blocks
    assert again.status == "awaiting_payment"


def test_expiry_releases_unpaid_holds_once(frozen_now, django_capture_on_commit_callbacks, mailoutbox):
    session = make_session()
    unpaid, paid = register(session=session), register(session=session)
    services.registration_mark_paid(registration=paid)
    frozen_now(unpaid.payment_deadline + dt.timedelta(seconds=1))
    assert services.registration_expire_unpaid() == 0  # the day's bank file is not in yet
    assert held(session) == 2
    frozen_now(rules.hold_expires_at(unpaid.payment_deadline) + dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_expire_unpaid() == 1
    assert services.registration_expire_unpaid() == 0
    unpaid.refresh_from_db()
    assert unpaid.status == "expired" and held(session) == 1
    assert [m for m in mailoutbox if "逾期" in m.subject]
    assert [e.to_state for e in history(unpaid)][-1] == "expired"


def test_expiry_command_is_idempotent(frozen_now, capsys):
    from django.core.management import call_command

    registration = register()
    frozen_now(rules.hold_expires_at(registration.payment_deadline) + dt.timedelta(hours=1))
    call_command("expire_unpaid_holds")
    call_command("expire_unpaid_holds")
    assert capsys.readouterr().out.split() == ["expired", "1", "expired", "0"]


def test_only_the_transition_table_moves_a_registration():
    registration = register()
    services.registration_mark_paid(registration=registration)
    registration.refresh_from_db()
    with pytest.raises(InvalidTransition):
        transition(registration, RegistrationStatus.EXPIRED)
    registration.refresh_from_db()
    assert registration.status == "paid"


def test_staff_change_subjects_before_the_deadline_and_not_after(frozen_now):
    session = make_session()
    registration = register(session=session, numbers=(1, 2))
    officer = staff_user()
    with pytest.raises(RegistrationError):
        edits.registration_staff_update(registration=registration, actor=officer, subjects=subjects_of(session, 1, 3))
    edits.registration_staff_update(
        registration=registration, actor=officer, subjects=subjects_of(session, 1, 3), reason="考生來電改考術科"
    )
    registration.refresh_from_db()
    assert registration.amount == 800 + 2100
    assert sorted(registration.subjects.values_list("subject__number", flat=True)) == [1, 3]
    assert held(session) == 1
    frozen_now(session.registration_closes + dt.timedelta(seconds=1))
    with pytest.raises(RegistrationError) as error:
        edits.registration_staff_update(
            registration=registration, actor=officer, national_id="A123456789", reason="改身分證"
        )
    assert error.value.code == "deadline"


def test_staff_fix_a_national_id_with_a_valid_one_only():
    registration = register()
    officer = staff_user()
    with pytest.raises(RegistrationError):
        edits.registration_staff_update(registration=registration, actor=officer, national_id="A123456788", reason="x")
    edits.registration_staff_update(registration=registration, actor=officer, national_id="a123456789", reason="x")
    registration.candidate.refresh_from_db()
    assert registration.candidate.national_id == "A123456789"


def test_personal_data_is_read_only_from_the_deadline_until_the_exam(frozen_now):
    registration = register()
    candidate, session = registration.candidate, registration.session
    assert edits.personal_data_locked_by(candidate=candidate) is None
    frozen_now(session.registration_closes + dt.timedelta(seconds=1))
    assert edits.personal_data_locked_by(candidate=candidate) == registration
    frozen_now(clock.at(session.exam_date + dt.timedelta(days=1), 9))
    assert edits.personal_data_locked_by(candidate=candidate) is None


def test_passes_kept_by_scoring_are_left_out_of_the_next_registration():
    from skillcert.catalog.models import Region
    from skillcert.registrations.models import RegistrationSubject
    from skillcert.scoring.models import Score

    level = make_level()
    past = make_session(level, nth=1, opens_days_ago=120, closes_in_days=-90, exam_in_days=-60)
    candidate = CandidateFactory()
    earlier = Registration.objects.create(
        candidate=candidate,
        session=past,
        region=Region.objects.get(name="台北"),
        plan="new",
        amount=1600,
        status="paid",
    )
    for number, score in ((1, 82), (2, 55)):
        subject = level.subjects.get(number=number)
        line = RegistrationSubject.objects.create(registration=earlier, subject=subject, fee=800)
        Score.objects.create(registration_subject=line, candidate=candidate, session=past, subject=subject, score=score)
    upcoming = make_session(level, nth=2)
    with pytest.raises(RegistrationError) as error:
        register(candidate=candidate, session=upcoming, numbers=(2, 3))
    assert error.value.code == "paths"
    registration = register(candidate=candidate, session=upcoming, numbers=(2,))
    assert [s.subject.number for s in registration.subjects.all()] == [2]
    assert (registration.plan, registration.amount) == ("returning", 600)


def test_subjects_of_another_level_are_refused():
    level = make_level()
    session = make_session(level)
    other = make_level(rank=2)
    with pytest.raises(RegistrationError) as error:
        services.registration_create(
            candidate=CandidateFactory(), session=session, subjects=list(other.subjects.all()[:2]),
            region=session.regions.get(),
        )  # fmt: skip
    assert error.value.code == "subjects"


def test_the_free_recharge_plan_is_complete_at_once_through_the_course_organiser():
    from skillcert.catalog.models import Fee
    from skillcert.groups.models import GroupSitting, Organisation

    session = make_session()
    Fee.objects.create(level=session.level, plan="recharge", kind="written", amount=0)
    organisation = Organisation.objects.create(
        group_code="R1", name="人培課程", business_number="04595257", invoice_title="人培課程", address="台北",
        kind=Organisation.Kind.ORGANISER,
    )  # fmt: skip
    sitting = GroupSitting.objects.create(organisation=organisation, session=session, discount_code="RECHARGE1")
    registration = register(session=session, group_sitting=sitting)
    assert (registration.plan, registration.amount, registration.status) == ("recharge", 0, "paid")
    alone = register(session=session, claimed_plan="recharge")  # not through the organiser: no free plan
    assert alone.plan == "new"
    school = Organisation.objects.create(
        group_code="S1", name="示範學校", business_number="04595257", invoice_title="示範學校", address="台北"
    )
    school_sitting = GroupSitting.objects.create(organisation=school, session=session, discount_code="SCHOOL1")
    assert register(session=session, group_sitting=school_sitting, claimed_plan="recharge").plan == "group"


def test_practical_seats_come_from_the_venue_and_staff_can_move_them():
    from skillcert.catalog.models import Region, Venue

    session = make_session()
    taipei = Region.objects.get(name="台北")
    first, second = (Venue.objects.create(region=taipei, name=name) for name in ("明新科大", "台北科大"))
    SeatPool.objects.create(session=session, kind="practical", venue=first, capacity=1)
    SeatPool.objects.create(session=session, kind="practical", venue=second, capacity=5)
    with pytest.raises(RegistrationError) as error:
        register(session=session, numbers=(1, 3))
    assert error.value.code == "venue"
    registration = register(session=session, numbers=(1, 3), practical_venue=first)
    with pytest.raises(RegistrationError) as full:
        register(session=session, numbers=(1, 3), practical_venue=first)
    assert full.value.code == "full"
    edits.registration_staff_update(
        registration=registration, actor=staff_user(), practical_venue=second, reason="考場調整"
    )
    pools = {p.venue_id: p.held for p in SeatPool.objects.filter(session=session, kind="practical")}
    assert pools == {first.pk: 0, second.pk: 1}
    assert held(session) == 1
    # Dropping the practical subject gives its venue seat back and clears the venue.
    edits.registration_staff_update(
        registration=registration, actor=staff_user(), subjects=subjects_of(session, 1, 2), reason="改考學科"
    )
    registration.refresh_from_db()
    pools = {p.venue_id: p.held for p in SeatPool.objects.filter(session=session, kind="practical")}
    assert registration.practical_venue is None and pools == {first.pk: 0, second.pk: 0}
    assert held(session) == 1 and registration.amount == 1600


def test_a_hold_is_released_only_after_the_next_working_days_bank_file(frozen_now):
    """Deadline on Friday 2026-11-27 (end of day): Saturday and Sunday bring no bank file, so
    the seat stays held until the end of Monday 2026-11-30."""
    from skillcert.core import clock

    friday = clock.end_of_day(dt.date(2026, 11, 27))
    assert rules.hold_expires_at(friday) == clock.end_of_day(dt.date(2026, 11, 30))
    assert rules.hold_expires_at(clock.end_of_day(dt.date(2026, 11, 24))) == clock.end_of_day(dt.date(2026, 11, 25))
