"""Delivery: sign-in at an enrolled workstation of the candidate's room after the proctor
opens it, the 20-minute entry window, items only after the start and never the key, the
candidate's own end (extra minutes), submission after 30 minutes, automatic submission, and
the responses graded with the form's key."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from skillcert.cbt import autosave, delivery, proctoring
from skillcert.cbt.delivery import DeliveryError
from skillcert.cbt.models import Attempt
from skillcert.scoring import services as scoring_services
from skillcert.scoring.models import AnswerKey, Response, Score
from tests.cbt.delivery_factories import END, START, canonical_letter, exam_room, started
from tests.examday.factories import make_room

pytestmark = pytest.mark.django_db
Status = Attempt.Status


@pytest.fixture
def room(frozen_now):
    return exam_room(frozen_now)


def refused(code, call, **kwargs):
    with pytest.raises(DeliveryError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    return caught.value


def test_first_sign_in_creates_the_attempt_with_every_question_unanswered(room):
    attempt = room.sign_in(room.candidate())
    assert attempt.status == Status.NOT_STARTED
    assert attempt.ends_at == END
    assert list(attempt.answers.values_list("position", "choice", "flagged")) == [(n, "", False) for n in range(1, 6)]


def test_extra_minutes_move_the_candidates_own_end(room):
    attempt = room.sign_in(room.candidate(extra_minutes=20))
    assert attempt.ends_at == END + dt.timedelta(minutes=20)


def test_a_wrong_admission_number_or_national_id_is_refused(room):
    registration = room.candidate()
    refused(
        "unknown", delivery.attempt_sign_in, workstation=room.workstation,
        admission_number=registration.admission_number[:-1] + ("1" if registration.admission_number.endswith("0") else "0"), national_id=registration.candidate.national_id,
    )  # fmt: skip
    refused(
        "unknown", delivery.attempt_sign_in, workstation=room.workstation,
        admission_number=registration.admission_number, national_id="A123456789",
    )  # fmt: skip
    assert not Attempt.objects.exists()


def test_a_candidate_of_another_room_is_refused(room):
    other = make_room(room.opening.room.venue, name="R-other")
    registration = room.candidate(room=other)
    refused("wrong_room", room.sign_in, registration=registration)


def test_sign_in_waits_for_the_proctor_to_open_the_room(frozen_now):
    room = exam_room(frozen_now)
    room.opening.opened_at = None
    room.opening.save()
    refused("not_open", room.sign_in, registration=room.candidate())


def test_entry_closes_twenty_minutes_after_the_start_and_time_still_ends_with_everyones(room, frozen_now):
    early, late = room.candidate(), room.candidate()
    frozen_now(START + dt.timedelta(minutes=20))
    attempt = room.sign_in(early)
    assert attempt.ends_at == END
    frozen_now(START + dt.timedelta(minutes=20, seconds=1))
    refused("late", room.sign_in, registration=late)


def test_items_are_not_served_before_the_start_and_never_carry_the_key(room, frozen_now):
    attempt = room.sign_in(room.candidate())
    refused("too_early", delivery.attempt_start, attempt=attempt)
    refused("too_early", delivery.attempt_items, attempt=attempt)
    frozen_now(START)
    attempt = delivery.attempt_start(attempt=attempt)
    items = delivery.attempt_items(attempt=attempt)
    assert [item["position"] for item in items] == [1, 2, 3, 4, 5]
    assert all(set(item) == {"position", "stem", "options", "has_figure"} for item in items)


def test_a_second_sign_in_needs_the_proctor_to_unlock(room, frozen_now):
    attempt = started(room, frozen_now)
    second = proctoring.workstation_enrol(opening=room.opening, label="02", actor=room.proctor)
    refused("signed_in", room.sign_in, registration=attempt.registration, workstation=second)
    proctoring.attempt_unlock(attempt=attempt, actor=room.proctor)
    resumed = room.sign_in(attempt.registration, workstation=second)
    assert resumed.pk == attempt.pk and resumed.token != attempt.token
    assert resumed.status == Status.IN_PROGRESS and resumed.ends_at == END
    refused("unknown", autosave.answer_save, token=attempt.token, position=1, choice="A", flagged=False, seq=1)


def test_submitting_is_refused_in_the_first_thirty_minutes(room, frozen_now):
    attempt = started(room, frozen_now)
    frozen_now(START + dt.timedelta(minutes=29, seconds=59))
    refused("too_early", delivery.attempt_submit, attempt=attempt)
    frozen_now(START + dt.timedelta(minutes=30))
    assert delivery.attempt_submit(attempt=attempt).status == Status.SUBMITTED


def test_submitted_answers_become_scoring_responses_graded_with_the_forms_key(room, frozen_now):
    attempt = started(room, frozen_now)
    key = dict(room.form.items.values_list("position", "version__correct"))
    letters = "ABCDEF"
    for seq, position in enumerate((1, 2, 3), start=1):
        slot = next(s for s in "ABCD" if canonical_letter(attempt, position, s) == letters[key[position]])
        autosave.answer_save(token=attempt.token, position=position, choice=slot, flagged=False, seq=seq)
    wrong = next(s for s in "ABCD" if canonical_letter(attempt, 4, s) != letters[key[4]])
    autosave.answer_save(token=attempt.token, position=4, choice=wrong, flagged=True, seq=4)
    frozen_now(START + dt.timedelta(minutes=31))
    delivery.attempt_submit(attempt=attempt)
    score = Score.objects.get(registration_subject__registration=attempt.registration)
    assert score.graded_from_responses and score.raw_score == 3 * room.form.items.first().points
    stored = dict(Response.objects.filter(score=score).values_list("question", "answer"))
    assert stored[1] == letters[key[1]] and stored[5] == ""


def test_the_server_submits_at_the_candidates_end(room, frozen_now):
    normal, longer = started(room, frozen_now), started(room, frozen_now, extra_minutes=15)
    frozen_now(END)
    assert delivery.attempts_submit_due() == 1
    normal.refresh_from_db()
    longer.refresh_from_db()
    assert normal.status == Status.SUBMITTED and normal.auto_submitted
    assert longer.status == Status.IN_PROGRESS
    frozen_now(END + dt.timedelta(minutes=15))
    assert delivery.attempts_submit_due() == 1


def test_a_submitted_candidate_cannot_sign_in_again(room, frozen_now):
    attempt = started(room, frozen_now)
    frozen_now(END)
    delivery.attempts_submit_due()
    refused("submitted", proctoring.attempt_unlock, attempt=attempt, actor=room.proctor)
    refused("submitted", room.sign_in, registration=attempt.registration)


def test_a_disputed_question_ruling_regrades_delivered_answers(room, frozen_now):
    attempt = started(room, frozen_now)
    key = dict(room.form.items.values_list("position", "version__correct"))
    wrong = next(s for s in "ABCD" if canonical_letter(attempt, 1, s) != "ABCD"[key[1]])
    autosave.answer_save(token=attempt.token, position=1, choice=wrong, flagged=False, seq=1)
    frozen_now(START + dt.timedelta(minutes=31))
    delivery.attempt_submit(attempt=attempt)
    score = Score.objects.get(registration_subject__registration=attempt.registration)
    assert score.raw_score == 0
    AnswerKey.objects.filter(session=room.period.session, subject=room.period.subject, question=1).update(
        everyone_scores=True
    )
    changed, _summary = scoring_services.subject_regrade(session=room.period.session, subject=room.period.subject)
    score.refresh_from_db()
    assert changed == 1 and score.raw_score == room.form.items.get(position=1).points


def test_the_periodic_job_submits_what_is_due(room, frozen_now):
    attempt = started(room, frozen_now)
    frozen_now(END)
    out = io.StringIO()
    call_command("cbt_submit_due", stdout=out)
    call_command("cbt_submit_due", stdout=out)
    attempt.refresh_from_db()
    assert attempt.status == Status.SUBMITTED and out.getvalue() == "submitted 1\nsubmitted 0\n"
