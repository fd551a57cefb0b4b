"""The registration path made lean for registration night: the e-mail task rides the
registration's own transaction (database task backend), catalog reads are cached per process
but never stale within the process that changed them, and the statement count stays bounded."""

import pytest
from django_tasks_db.models import DBTaskResult

from skillcert.catalog.models import CertificationPath, Fee, Plan, Region, SeatPool, SubjectKind
from skillcert.registrations import services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import Registration
from tests.factories import CandidateFactory, make_level, make_session
from tests.registrations.factories import register, subjects_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hotsql_both_ways")]
MAX_STATEMENTS = 12


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _mail_tasks():
    return list(DBTaskResult.objects.filter(task_path__endswith="send_email"))


def test_the_confirmation_mail_is_queued_inside_the_registration_transaction(database_tasks):
    registration = register(session=make_session())
    tasks = _mail_tasks()
    assert len(tasks) == 1
    template, recipients, context, _language = tasks[0].args_kwargs["args"]
    assert template == "registration_received"
    assert recipients == [registration.candidate.user.email]
    assert context["registration_id"] == registration.pk


def test_a_registration_rolled_back_at_the_seat_claim_queues_no_mail(database_tasks, monkeypatch):
    session = make_session(capacity=1)
    register(session=session)
    before = len(_mail_tasks())
    # Another submission took the last seat between the early read and the claim.
    monkeypatch.setattr(services, "seats_left", lambda **kwargs: True)
    with pytest.raises(RegistrationError) as error:
        register(session=session)
    assert error.value.code == "full"
    assert len(_mail_tasks()) == before
    assert Registration.objects.filter(session=session).count() == 1
    assert SeatPool.objects.get(session=session, kind=SubjectKind.WRITTEN).held == 1


def test_a_fee_changed_by_staff_prices_the_next_registration_at_once():
    level = make_level()
    session = make_session(level)
    assert register(session=session).amount == 1600
    fee = Fee.objects.get(level=level, plan=Plan.NEW, kind=SubjectKind.WRITTEN)
    fee.amount = 900
    fee.save()
    assert register(session=session).amount == 1800


def test_a_path_or_region_added_by_staff_counts_at_once():
    level = make_level()
    session = make_session(level)
    with pytest.raises(RegistrationError) as error:
        register(session=session, numbers=(2, 3))
    assert error.value.code == "paths"
    CertificationPath.objects.create(level=level, name="C").subjects.set(subjects_of(session, 2, 3))
    assert register(session=session, numbers=(2, 3)).pk

    south = Region.objects.create(name="高雄")
    with pytest.raises(RegistrationError) as error:
        register(session=session, region=south)
    assert error.value.code == "region"
    session.regions.add(south)
    assert register(session=session, region=south).region == south


def test_a_registration_runs_a_bounded_number_of_statements(database_tasks, django_assert_max_num_queries):
    session = make_session()
    register(session=session)  # warms the per-process catalog cache, as on registration night
    candidate = CandidateFactory()
    subjects, region = subjects_of(session, 1, 2), Region.objects.get(name="台北")
    # history (a new candidate: no kept pass to look up), seats read; registration, subject
    # lines, account (insert, number), both audit rows, mail task and its message-log row, seat
    # claim; savepoint and release (the test's transaction).
    with django_assert_max_num_queries(MAX_STATEMENTS):
        services.registration_create(candidate=candidate, session=session, subjects=subjects, region=region)


def test_the_form_checks_choices_against_the_sitting_without_stale_rows():
    from skillcert.catalog.models import Subject
    from skillcert.registrations.forms import RegistrationChoiceForm

    session = make_session()
    other = make_session(make_level(code="AIP"))  # another level, another sitting
    north = Region.objects.get(name="台北")

    def form(subjects, region):
        data = {"subjects": [str(s.pk) for s in subjects], "region": str(region.pk)}
        return RegistrationChoiceForm(data, session=session)

    ok = form(subjects_of(session, 1, 2), north)
    assert ok.is_valid(), ok.errors
    assert [s.number for s in ok.cleaned_data["subjects"]] == [1, 2]
    assert ok.cleaned_data["region"] == north

    assert "subjects" in form(subjects_of(other, 1, 2), north).errors
    south = Region.objects.create(name="高雄")
    assert "region" in form(subjects_of(session, 1), south).errors
    session.regions.add(south)
    assert form(subjects_of(session, 1), south).is_valid()

    fourth = Subject.objects.create(level=session.level, number=4, code="L14", name="考科4", kind=SubjectKind.WRITTEN)
    assert form([fourth], north).is_valid()


def test_the_sitting_read_for_the_form_brings_its_free_seats_and_a_full_one_is_refused_at_once(
    django_assert_max_num_queries,
):
    from skillcert.registrations import selectors

    session = make_session(capacity=2)
    register(session=session)
    assert selectors.session_for_registration(session.pk).written_seats_left == 1
    register(session=session)
    full = selectors.session_for_registration(session.pk)
    assert full.written_seats_left == 0
    candidate, subjects, region = CandidateFactory(), subjects_of(session, 1, 2), Region.objects.get(name="台北")
    with django_assert_max_num_queries(1), pytest.raises(services.SittingFull):  # the next-sitting offer only
        services.registration_create(candidate=candidate, session=full, subjects=subjects, region=region)
    assert SeatPool.objects.get(session=session).held == 2
    assert not Registration.objects.filter(candidate=candidate).exists()
