"""Two members of staff press 'allocate seats' at the same moment (PostgreSQL, threads): the
sitting row lock makes the runs one after the other, so every candidate has one seat per subject,
no seat is used twice and the admission numbers are one unbroken, unique sequence."""

import threading
from collections import Counter

import pytest
from django.db import connection

from skillcert.examday import admission
from skillcert.examday.models import SeatAssignment
from skillcert.examday.services import session_allocate_seats
from skillcert.registrations.models import Registration
from tests.conftest import requires_postgres

from .factories import closed_sitting, make_room, make_venue, paid


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_issue_each_number_once_and_seat_everyone_once():
    session = closed_sitting(subjects=("written", "written"))
    make_room(make_venue(), rows=4, columns=5)
    registrations = [paid(session) for _ in range(18)]
    barrier = threading.Barrier(3)
    runs, errors = [], []

    def allocate():
        try:
            barrier.wait()
            runs.append(session_allocate_seats(session=session))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and all(run.completed for run in runs)
    assert sorted(run.moved for run in runs) == [0, 0, 18]  # the first placed everyone, the others kept them
    numbers = Registration.objects.filter(pk__in=[r.pk for r in registrations]).values_list(
        "admission_number", flat=True
    )
    assert sorted(admission.sequence_of(n) for n in numbers) == list(range(1, 19))
    seats = SeatAssignment.objects.filter(period__session=session)
    assert Counter(s.registration_id for s in seats) == {r.pk: 2 for r in registrations}
    per_period = Counter((s.period_id, s.room_id, s.row, s.column) for s in seats)
    assert set(per_period.values()) == {1}
