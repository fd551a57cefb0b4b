"""Roll call 點名 on exam day: venue staff mark the candidates of a room and period present,
absent or refused entry (late beyond 20 minutes), record breaches into scoring's deductions, every
action audited; a candidate of another room is refused with a clear message; the roll call
overrules a later score file that says 到考."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.core.audit import history
from skillcert.examday import rollcall
from skillcert.examday.attendance import attendance_for
from skillcert.examrecords.models import RollCall, RollCallStatus
from skillcert.scoring import imports
from skillcert.scoring.models import Attendance, Deduction, Sanction, Score
from tests.factories import staff_user

from .factories_notices import exam_sitting, make_room, seated

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam_room(frozen_now):
    session = exam_sitting()
    room = make_room()
    first, second = seated(session, room, row=1, column=1), seated(session, room, row=1, column=2)
    period = session.timetable.order_by("starts_at").first()
    frozen_now(period.starts_at - dt.timedelta(minutes=10))
    return session, room, period, first, second


def url(room, period):
    return reverse("backoffice_tools:examday_roll_call", args=[room.pk, period.pk])


def test_the_proctor_sees_the_rooms_candidates_and_marks_them_present(client, exam_room):
    _session, room, period, first, second = exam_room
    proctor = staff_user(StaffRole.VENUE)
    client.force_login(proctor)
    html = client.get(url(room, period)).content.decode()
    assert first.admission_number in html and second.admission_number in html
    response = client.post(url(room, period), {"admission_number": first.admission_number, "status": "present"})
    assert response.status_code == 302
    mark = RollCall.objects.get(registration=first, period=period)
    assert mark.status == RollCallStatus.PRESENT and mark.room == room and mark.marked_by == proctor
    [entry] = history(mark)
    assert entry.action == "examday.roll_call" and entry.actor == proctor and entry.to_state == "present"


def test_a_mark_can_be_corrected_and_both_actions_are_audited(exam_room):
    _session, room, period, first, _second = exam_room
    rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="present")
    mark = rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="absent")
    assert RollCall.objects.get().status == "absent"
    assert [(e.from_state, e.to_state) for e in history(mark)] == [("", "present"), ("present", "absent")]


def test_a_candidate_of_another_room_is_refused_with_a_clear_message(client, exam_room):
    session, room, period, _first, _second = exam_room
    stranger = seated(session, make_room(), row=1, column=1)
    client.force_login(staff_user(StaffRole.VENUE))
    response = client.post(url(room, period), {"admission_number": stranger.admission_number, "status": "present"})
    assert response.status_code == 400
    text = response.content.decode()
    assert stranger.admission_number in text and "不在" in text and room.name in text
    response = client.post(
        url(room, period),
        {"action": "incident", "admission_number": stranger.admission_number, "kind": "phone", "points": "10"},
    )
    assert response.status_code == 400
    assert not RollCall.objects.exists() and not Deduction.objects.exists()


def test_an_unknown_number_or_status_is_refused(exam_room):
    _session, room, period, first, _second = exam_room
    with pytest.raises(ValidationError):
        rollcall.roll_call_mark(room=room, period=period, admission_number="NOPE", status="present")
    with pytest.raises(ValidationError):
        rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="asleep")
    assert not RollCall.objects.exists()


def test_entry_is_refused_only_after_the_twenty_minutes(exam_room, frozen_now):
    _session, room, period, first, _second = exam_room
    frozen_now(period.starts_at + dt.timedelta(minutes=20))
    with pytest.raises(ValidationError, match="20"):
        rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="refused")
    frozen_now(period.starts_at + dt.timedelta(minutes=21))
    mark = rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="refused")
    assert mark.status == RollCallStatus.REFUSED


def test_a_ringing_phone_costs_points_on_that_subject(client, exam_room):
    _session, room, period, first, _second = exam_room
    client.force_login(staff_user(StaffRole.VENUE))
    response = client.post(
        url(room, period),
        {"action": "incident", "admission_number": first.admission_number, "kind": "phone", "points": "10"},
    )
    assert response.status_code == 302
    score = Score.objects.get(registration_subject__registration=first, subject=period.subject)
    assert score.deduction == 10
    assert "examday.incident" in [e.action for e in history(first)]
    assert "−10" in client.get(url(room, period)).content.decode()


@pytest.mark.parametrize("points", ["30", "4", "ten"])
def test_a_phone_deduction_outside_5_to_20_is_refused(client, exam_room, points):
    _session, room, period, first, _second = exam_room
    client.force_login(staff_user(StaffRole.VENUE))
    response = client.post(
        url(room, period),
        {"action": "incident", "admission_number": first.admission_number, "kind": "phone", "points": points},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "5 至 20" in html
    assert f'value="{points}"' in html and f'value="{first.admission_number}"' in html  # what was typed stays
    assert not Deduction.objects.exists()


def test_communicating_voids_the_subject_and_fraud_disqualifies_the_sitting(exam_room):
    session, room, period, first, second = exam_room
    rollcall.incident_record(room=room, period=period, admission_number=first.admission_number, kind="communicating")
    voided = Score.objects.get(registration_subject__registration=first, subject=period.subject)
    assert voided.sanction == Sanction.NO_SCORE
    later = session.timetable.order_by("-starts_at").first()
    other = Score.objects.create(
        registration_subject=second.subjects.get(subject=later.subject), candidate=second.candidate,
        session=session, subject=later.subject,
    )  # fmt: skip
    rollcall.incident_record(room=room, period=period, admission_number=second.admission_number, kind="fraud")
    other.refresh_from_db()
    assert other.sanction == Sanction.DISQUALIFIED


def test_only_venue_staff_reach_the_roll_call(client, exam_room):
    _session, room, period, first, _second = exam_room
    assert client.get(url(room, period)).status_code == 302
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(url(room, period)).status_code == 403
    response = client.post(url(room, period), {"admission_number": first.admission_number, "status": "present"})
    assert response.status_code == 403 and not RollCall.objects.exists()
    client.force_login(first.candidate.user)
    assert client.get(url(room, period)).status_code in (302, 403)


def test_scoring_takes_the_roll_call_over_a_file_that_says_present(exam_room, frozen_now):
    session, room, period, first, second = exam_room
    frozen_now(period.starts_at + dt.timedelta(minutes=30))
    rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="refused")
    rollcall.roll_call_mark(room=room, period=period, admission_number=second.admission_number, status="present")
    assert attendance_for(session=session, subject=period.subject) == {first.pk: "refused", second.pk: "present"}
    text = f"考試通知碼,到考,原始分數\n{first.admission_number},到考,88\n{second.admission_number},到考,77\n"
    record = imports.scores_import(
        session=session, subject=period.subject, uploaded_file=SimpleUploadedFile("s.csv", text.encode())
    )
    missed = Score.objects.get(registration_subject__registration=first, subject=period.subject)
    sat = Score.objects.get(registration_subject__registration=second, subject=period.subject)
    assert missed.attendance == Attendance.ABSENT and missed.score is None and missed.raw_score is None
    assert sat.attendance == Attendance.PRESENT and sat.raw_score == Decimal(77)
    [line_first, line_second] = record.report
    assert "試場點名" in str(line_first) and "試場點名" not in str(line_second)


def test_the_back_office_lists_roll_calls_read_only(client, exam_room):
    _session, room, period, first, _second = exam_room
    rollcall.roll_call_mark(room=room, period=period, admission_number=first.admission_number, status="present")
    client.force_login(staff_user(is_superuser=True))
    response = client.get(reverse("backoffice:examrecords_rollcall_changelist"))
    assert response.status_code == 200
    assert [mark.registration for mark in response.context["cl"].result_list] == [first]
    assert client.get(reverse("backoffice:examrecords_rollcall_add")).status_code == 403
