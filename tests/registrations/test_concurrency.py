"""Seats never oversell: many candidates race for the last seats of a sitting."""

import threading

import pytest
from django.db import connections

from skillcert.catalog.models import Region, SeatPool
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import CLOSED_STATES, Registration
from skillcert.registrations.services import registration_create
from tests.conftest import requires_postgres
from tests.factories import CandidateFactory, make_session


def race(*, racers: int, seats_left: int, in_flight: int):
    session = make_session(capacity=100)
    SeatPool.objects.filter(session=session).update(held=100 - seats_left)
    candidates = [CandidateFactory() for _ in range(racers)]
    subjects = list(session.level.subjects.filter(number__in=(1, 2)))
    region = Region.objects.get(name="台北")
    start = threading.Barrier(racers)
    # PostgreSQL here allows 100 connections shared by everyone: every thread races, but at
    # most `in_flight` hold a connection at once (each closes its own when done).
    gate = threading.BoundedSemaphore(in_flight)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(candidate):
        start.wait()
        with gate:
            try:
                registration_create(candidate=candidate, session=session, subjects=subjects, region=region)
                outcome = "ok"
            except RegistrationError as error:
                outcome = error.code
            except Exception as error:  # noqa: BLE001 - reported below, never swallowed
                outcome = repr(error)
            finally:
                connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pool = SeatPool.objects.get(session=session)
    open_registrations = Registration.objects.filter(session=session).exclude(status__in=CLOSED_STATES).count()
    return outcomes, pool, open_registrations


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_200_threads_race_for_the_last_10_seats_on_postgresql():
    outcomes, pool, open_registrations = race(racers=200, seats_left=10, in_flight=40)
    assert outcomes.count("ok") == 10
    assert outcomes.count("full") == 190, sorted(set(outcomes))
    assert pool.held == pool.capacity == 100
    assert open_registrations == 10


@pytest.mark.django_db(transaction=True)
def test_threads_race_for_the_last_seats_on_sqlite_too():
    outcomes, pool, open_registrations = race(racers=20, seats_left=5, in_flight=20)
    assert outcomes.count("ok") == 5
    assert outcomes.count("full") == 15, sorted(set(outcomes))
    assert pool.held == 100 and open_registrations == 5
