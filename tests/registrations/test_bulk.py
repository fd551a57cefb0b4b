"""registrations_create_many: the rules of registration_create for many group rows at once."""

import pytest
from django.db import transaction

from skillcert.catalog.models import Region, SeatPool, Venue
from skillcert.core.audit import history
from skillcert.registrations import checks, services
from skillcert.registrations.bulk import BulkNotApplied, RegistrationItem, SeatsShort, registrations_create_many
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory
from tests.groups.factories import make_sitting
from tests.registrations.factories import subjects_of

pytestmark = pytest.mark.django_db


def held(session, venue=None):
    kind = "practical" if venue else "written"
    return SeatPool.objects.get(session=session, kind=kind, venue=venue).held


def item(session, numbers=(1, 2), venue=None, candidate=None, new_account=True):
    return RegistrationItem(
        candidate=candidate or CandidateFactory(),
        subjects=tuple(subjects_of(session, *numbers)),
        region=Region.objects.get(name="台北"),
        practical_venue=venue,
        new_account=new_account,
    )


def attempt(sitting, items):
    """As the upload calls it: inside a savepoint that is rolled back on BulkNotApplied."""
    with transaction.atomic():
        return registrations_create_many(group_sitting=sitting, items=items, actor=None)


def test_many_at_once_save_what_registration_create_saves(django_capture_on_commit_callbacks, mailoutbox):
    sitting = make_sitting()
    session = sitting.session
    single = services.registration_create(
        candidate=CandidateFactory(), session=session, subjects=subjects_of(session, 1, 2),
        region=Region.objects.get(name="台北"), group_sitting=sitting,
    )  # fmt: skip
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        many = attempt(sitting, [item(session), item(session)])
    assert len(many) == 2 and all(r.pk for r in many)
    for registration in Registration.objects.filter(pk__in=[r.pk for r in many]):
        assert (registration.plan, registration.amount, registration.status, registration.payment_deadline) == (
            single.plan, single.amount, single.status, single.payment_deadline,
        )  # fmt: skip
        assert [(s.subject.number, s.fee) for s in registration.subjects.order_by("subject__number")] == [
            (s.subject.number, s.fee) for s in single.subjects.order_by("subject__number")
        ]
        [entry] = history(registration)
        [expected] = history(single)
        assert (entry.action, entry.to_state, entry.data) == (expected.action, expected.to_state, expected.data)
    assert held(session) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.candidate.user.email for r in many)
    assert all("報名已收到" in m.subject for m in mailoutbox)


def test_practical_venue_pools_are_claimed_in_one_go_or_not_at_all():
    sitting = make_sitting()
    session = sitting.session
    taipei = Region.objects.get(name="台北")
    small, large = (Venue.objects.create(region=taipei, name=name) for name in ("明新科大", "台北科大"))
    SeatPool.objects.create(session=session, kind="practical", venue=small, capacity=2)
    SeatPool.objects.create(session=session, kind="practical", venue=large, capacity=5)
    attempt(sitting, [item(session, (1, 3), large), item(session, (1, 3), small), item(session, (1, 3), small)])
    assert (held(session), held(session, small), held(session, large)) == (3, 2, 1)  # exactly full is fine
    with pytest.raises(SeatsShort) as short:
        attempt(sitting, [item(session, (1, 3), large), item(session, (1, 3), small), item(session, (1, 3), large)])
    assert short.value.fitting == [0, 2] and list(short.value.refusals) == [1]
    assert "名額已滿" in short.value.refusals[1]
    assert (held(session), held(session, small), held(session, large)) == (3, 2, 1)
    assert Registration.objects.count() == 3


def test_a_written_pool_one_seat_short_names_the_items_that_fit_and_the_message_of_the_others():
    sitting = make_sitting()
    session = sitting.session
    SeatPool.objects.filter(session=session, kind="written").update(capacity=2)
    with pytest.raises(SeatsShort) as short:
        attempt(sitting, [item(session) for _ in range(3)])
    assert held(session) == 0 and Registration.objects.count() == 0
    assert short.value.fitting == [0, 1]
    attempt(sitting, [item(session), item(session)])
    with pytest.raises(services.RegistrationError) as single:
        services.registration_create(
            candidate=CandidateFactory(), session=session, subjects=subjects_of(session, 1, 2),
            region=Region.objects.get(name="台北"), group_sitting=sitting,
        )  # fmt: skip
    assert short.value.refusals == {2: single.value.messages[0]}


def test_a_known_candidate_is_checked_with_their_own_kept_passes(monkeypatch):
    sitting = make_sitting()
    session = sitting.session
    veteran = CandidateFactory()
    first = subjects_of(session, 1)[0]
    monkeypatch.setattr(
        checks, "kept_subject_ids", lambda candidate, **kw: {first.pk} if candidate == veteran else set()
    )
    # The kept pass is the veteran's own: subject 2 alone fits no path for anyone else.
    with pytest.raises(BulkNotApplied):
        attempt(sitting, [item(session, (2,)), item(session, (2,), candidate=veteran, new_account=False)])
    assert Registration.objects.count() == 0
    [registration] = attempt(sitting, [item(session, (2,), candidate=veteran, new_account=False)])
    assert [s.subject.number for s in registration.subjects.all()] == [2]


def test_a_closed_group_window_refuses_the_batch(frozen_now):
    sitting = make_sitting()
    session = sitting.session
    frozen_now(session.group_registration_closes.replace(microsecond=1))
    with pytest.raises(BulkNotApplied):
        attempt(sitting, [item(session)])
    assert held(session) == 0
