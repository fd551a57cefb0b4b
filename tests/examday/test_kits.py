"""Room kits 試場資料袋: seat chart for the door (names masked), desk labels, sign-in sheet with the
ID-check column, attendance list and incident form — per room and per venue in one PDF — and who
may download them (venue staff only)."""

import pytest
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.certificates.rules import mask_name
from skillcert.examday import kits, notices
from skillcert.examday.services import session_allocate_seats
from tests.factories import CandidateFactory, staff_user

from .factories import closed_sitting, make_venue, paid
from .factories import make_room as make_exam_room
from .factories_notices import exam_sitting, make_room, seated
from .pdfcheck import page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def room_with_three():
    session = exam_sitting()
    room = make_room(rows=2, columns=3)
    people = [
        seated(session, room, row=1, column=1, candidate=CandidateFactory(name_zh="陳大文")),
        seated(session, room, row=2, column=3, candidate=CandidateFactory(name_zh="林美玲"), extra_minutes=20),
        seated(session, room, row=1, column=2, candidate=CandidateFactory(name_zh="張三")),
    ]
    return session, room, people


def test_a_room_kit_holds_every_document_for_each_period(room_with_three):
    session, room, people = room_with_three
    pages = page_texts(kits.room_kit_pdf(session=session, room=room))
    # two periods × (seat chart, desk labels, sign-in, attendance) + one incident form
    assert len(pages) == 9
    titles = [
        next(t for t in ("考生座位圖", "座位標籤", "考生簽到表", "到考紀錄表", "試場偶發事件紀錄表") if t in p)
        for p in pages
    ]
    assert titles == ["考生座位圖", "座位標籤", "考生簽到表", "到考紀錄表"] * 2 + ["試場偶發事件紀錄表"]
    assert all(room.name in page and room.venue.name in page for page in pages)


def test_the_seat_chart_shows_every_seat_and_masks_names(room_with_three):
    session, room, people = room_with_three
    chart = page_texts(kits.room_kit_pdf(session=session, room=room))[0]
    assert "講臺" in chart
    for label in ("A01", "A02", "A03", "B01", "B02", "B03"):  # empty seats are drawn too
        assert label in chart
    for registration in people:
        assert registration.admission_number in chart
        assert registration.candidate.name_zh not in chart
        assert mask_name(registration.candidate.name_zh) in chart


def test_desk_labels_sign_in_and_attendance_carry_the_candidates(room_with_three):
    session, room, people = room_with_three
    _chart, labels, sign_in, attendance, *_rest = page_texts(kits.room_kit_pdf(session=session, room=room))
    for registration in people:
        for page in (labels, sign_in, attendance):
            assert registration.admission_number in page and registration.candidate.name_zh in page
    assert "延長 20 分鐘" in labels
    assert "身分證件核對" in sign_in and "考生簽名" in sign_in
    assert "應到 3 人" in attendance and "逾時拒絕入場" in attendance


def test_the_incident_form_names_the_rooms_subjects_and_breaches(room_with_three):
    session, room, _people = room_with_three
    form = page_texts(kits.room_kit_pdf(session=session, room=room))[-1]
    for subject in session.timetable.select_related("subject"):
        assert subject.subject.code in form
    for breach in ("電子設備發出聲響", "交談或傳遞", "冒名頂替或舞弊", "疑義考題", "監試人員簽名"):
        assert breach in form


def test_a_long_sign_in_sheet_continues_on_more_pages():
    session = exam_sitting()
    room = make_room(rows=8, columns=6)
    for n in range(40):
        seated(session, room, row=n // 6 + 1, column=n % 6 + 1, numbers=(1,))
    pages = page_texts(kits.room_kit_pdf(session=session, room=room))
    sign_in = [p for p in pages if "考生簽到表" in p]
    assert len(sign_in) >= 2
    assert sum(p.count("□") for p in sign_in) == 40


def test_a_venue_kit_holds_all_its_rooms_in_one_file(room_with_three):
    session, room, _people = room_with_three
    other = make_room(venue=room.venue, name="電腦教室 B201")
    seated(session, other, numbers=(1,))
    elsewhere = make_room()
    seated(session, elsewhere, numbers=(1,))
    pages = page_texts(kits.venue_kit_pdf(session=session, venue=room.venue))
    assert any(room.name in p for p in pages) and any(other.name in p for p in pages)
    assert not any(elsewhere.name in p for p in pages)
    assert len(pages) == 9 + 5


def test_venue_staff_pick_a_sitting_and_download_kits(client, room_with_three):
    session, room, _people = room_with_three
    client.force_login(staff_user(StaffRole.VENUE))
    html = client.get(reverse("backoffice_tools:examday_kits"), {"session": session.pk}).content.decode()
    room_url = reverse("backoffice_tools:examday_room_kit", args=[session.pk, room.pk])
    venue_url = reverse("backoffice_tools:examday_venue_kit", args=[session.pk, room.venue.pk])
    assert room_url in html and venue_url in html
    for url in (room_url, venue_url):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("backoffice_tools:examday_kits"), {"session": "abc"}).status_code == 404


def test_others_cannot_download_kits(client, room_with_three):
    session, room, people = room_with_three
    url = reverse("backoffice_tools:examday_room_kit", args=[session.pk, room.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(url).status_code == 403
    client.force_login(people[0].candidate.user)
    assert client.get(url).status_code in (302, 403)


def test_a3_paper_approved_is_marked_on_the_desk_label_and_the_notice():
    session = closed_sitting(subjects=("written",))
    room = make_exam_room(make_venue(), rows=2, columns=3)
    enlarged = paid(session, numbers=(1,), needs={"enlarged_paper_approved": True})
    plain = paid(session, numbers=(1,))
    assert session_allocate_seats(session=session).completed
    enlarged.refresh_from_db()
    plain.refresh_from_db()

    _chart, labels, *_rest = page_texts(kits.room_kit_pdf(session=session, room=room))
    assert labels.count("A3 放大試題") == 1
    label_of = {n: labels.index(n) for n in (enlarged.admission_number, plain.admission_number)}
    marked = labels.index("A3 放大試題")
    assert label_of[enlarged.admission_number] < marked  # on the enlarged candidate's own label
    assert not label_of[enlarged.admission_number] < label_of[plain.admission_number] < marked
    assert "經核准使用 A3 放大試題" in page_texts(notices.notices_pdf([notices.notice_for(enlarged)]))[0]
    assert "A3" not in page_texts(notices.notices_pdf([notices.notice_for(plain)]))[0]
