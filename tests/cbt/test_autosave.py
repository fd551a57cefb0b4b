"""Autosave: each change stored at once as the question's whole state, idempotent, ordered by
the candidate's sequence number (an older save arriving late never overwrites a newer one —
also with threads on PostgreSQL), and bad input refused with nothing changed."""

import datetime as dt
import random
import threading

import pytest
from django.db import close_old_connections

from skillcert.cbt import autosave, delivery, proctoring
from skillcert.cbt.delivery import DeliveryError
from skillcert.cbt.models import Answer
from tests.cbt.delivery_factories import END, START, canonical_letter, exam_room, started
from tests.conftest import is_postgres

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hotsql_both_ways")]


@pytest.fixture
def attempt(frozen_now):
    room = exam_room(frozen_now)
    return started(room, frozen_now)


def save(attempt, position=1, choice="A", flagged=False, seq=1, **extra):
    return autosave.answer_save(
        token=attempt.token, position=position, choice=choice, flagged=flagged, seq=seq, **extra
    )


def state(attempt, position=1):
    return Answer.objects.values("choice", "flagged", "seq", "changes").get(attempt=attempt, position=position)


def test_a_change_is_stored_in_the_forms_letters(attempt):
    assert save(attempt, choice="B", seq=1, spent=12).applied
    answer = Answer.objects.get(attempt=attempt, position=1)
    assert answer.choice == canonical_letter(attempt, 1, "B")
    assert (answer.seq, answer.changes, answer.seconds) == (1, 1, 12)
    assert delivery.attempt_answers(attempt=attempt)[1]["choice"] == "B"


def test_clear_and_flag_are_stored(attempt):
    save(attempt, choice="C", seq=1)
    save(attempt, choice="", flagged=True, seq=2)
    assert state(attempt) == {"choice": "", "flagged": True, "seq": 2, "changes": 2}


def test_a_replayed_save_changes_nothing(attempt):
    save(attempt, choice="C", seq=3)
    again = save(attempt, choice="C", seq=3)
    assert not again.applied
    assert state(attempt)["changes"] == 1


def test_an_older_save_arriving_late_never_overwrites_a_newer_one(attempt):
    save(attempt, choice="D", seq=5)
    late = save(attempt, choice="A", flagged=True, seq=4)
    assert not late.applied
    assert state(attempt) == {"choice": canonical_letter(attempt, 1, "D"), "flagged": False, "seq": 5, "changes": 1}


@pytest.mark.parametrize(
    "fields",
    [
        {"position": 99},
        {"position": "1"},
        {"choice": "F"},  # four options: A–D
        {"choice": "AB"},
        {"choice": None},
        {"flagged": "yes"},
        {"seq": 0},
        {"seq": "7"},
        {"seq": 2**31},
        {"spent": -1},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(attempt, fields):
    save(attempt, choice="B", seq=1)
    before = state(attempt)
    with pytest.raises(DeliveryError) as caught:
        save(attempt, **{"seq": 2, **fields})
    assert caught.value.code == "invalid"
    assert state(attempt) == before


def test_an_unknown_token_is_refused(attempt):
    with pytest.raises(DeliveryError) as caught:
        autosave.answer_save(token="forged", position=1, choice="A", flagged=False, seq=1)
    assert caught.value.code == "unknown"


def test_a_save_after_the_end_is_refused_and_the_attempt_submitted(attempt, frozen_now):
    save(attempt, choice="B", seq=1)
    frozen_now(END)
    with pytest.raises(DeliveryError) as caught:
        save(attempt, choice="C", seq=2)
    assert caught.value.code == "closed"
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.auto_submitted
    assert state(attempt)["seq"] == 1


def test_a_save_after_submission_is_refused(attempt, frozen_now):
    frozen_now(START + dt.timedelta(minutes=45))
    delivery.attempt_submit(attempt=attempt)
    with pytest.raises(DeliveryError) as caught:
        save(attempt, seq=1)
    assert caught.value.code == "closed"
    assert state(attempt)["seq"] == 0


def test_a_locked_or_paused_candidate_cannot_save(attempt):
    proctor = attempt.opening.opened_by
    proctoring.attempt_pause(attempt=attempt, actor=proctor)
    with pytest.raises(DeliveryError):
        save(attempt, seq=1)
    proctoring.attempt_resume(attempt=attempt, actor=proctor)
    assert save(attempt, seq=2).applied
    proctoring.attempt_lock(attempt=attempt, actor=proctor)
    with pytest.raises(DeliveryError):
        save(attempt, seq=3)
    assert state(attempt)["seq"] == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not is_postgres(), reason="concurrent writers need PostgreSQL")
def test_concurrent_saves_in_any_order_keep_the_newest_of_each_question(frozen_now):
    room = exam_room(frozen_now)
    attempt = started(room, frozen_now)
    changes = [(seq, 1 + seq % 5, "ABCD"[seq % 4], seq % 3 == 0) for seq in range(1, 201)]
    shuffled = changes[:]
    random.Random(11).shuffle(shuffled)
    errors = []

    def worker(chunk):
        try:
            for seq, position, choice, flagged in chunk:
                save(attempt, position=position, choice=choice, flagged=flagged, seq=seq)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(shuffled[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for position in range(1, 6):
        seq, _p, choice, flagged = max(change for change in changes if change[1] == position)
        assert state(attempt, position) | {"changes": 0} == {
            "choice": canonical_letter(attempt, position, choice),
            "flagged": flagged,
            "seq": seq,
            "changes": 0,
        }
