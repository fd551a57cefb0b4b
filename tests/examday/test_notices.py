"""The exam notice 考試通知: its page and PDF from the notice date (民國 date shown before), what it
carries (admission number, venue, room, seat, times with extra minutes, what to bring, rules),
who may see it (owner, coordinators of the group in one file, staff), and the daily e-mail/SMS."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.core.pdf import pdf_text, pdf_to_png
from skillcert.examday import notices
from skillcert.examrecords.models import ExamNoticeSent
from skillcert.notifications.models import SmsMessage
from skillcert.registrations.models import RegistrationStatus
from tests.factories import CandidateFactory, staff_user
from tests.groups.factories import make_coordinator, make_sitting

from .factories_notices import exam_sitting, make_room, seated

pytestmark = pytest.mark.django_db


def on_notice_date(frozen_now, session, days_after=0):
    day = notices.notice_opens_on(session) + dt.timedelta(days=days_after)
    return frozen_now(clock.at(day, 8))


@pytest.fixture
def seat(frozen_now):
    session = exam_sitting()
    room = make_room()
    registration = seated(session, room, row=3, column=2, extra_minutes=20)
    return registration, room


def test_before_the_notice_date_the_page_says_when_it_appears(client, seat, frozen_now):
    registration, _room = seat
    client.force_login(registration.candidate.user)
    response = client.get(reverse("portal:exam_notice", args=[registration.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    opens = registration.session.exam_date - dt.timedelta(days=registration.session.notice_days_before)
    assert clock.roc_date(opens) in html
    assert registration.admission_number not in html
    assert client.get(reverse("portal:exam_notice_pdf", args=[registration.pk])).status_code == 404


def test_from_the_notice_date_the_page_shows_seat_venue_and_times_with_extra_minutes(client, seat, frozen_now):
    registration, room = seat
    on_notice_date(frozen_now, registration.session)
    client.force_login(registration.candidate.user)
    html = client.get(reverse("portal:exam_notice", args=[registration.pk])).content.decode()
    assert registration.admission_number in html
    assert room.name in html and room.venue.address in html and room.venue.map_url in html
    assert "C02" in html  # row 3 column 2
    assert "09:00–10:35" in html  # 75 minutes + 20 approved extra
    assert "考選部" in html and "20 分鐘內得准入場" in html and "30 分鐘內不得離場" in html


def test_the_notice_pdf_carries_the_notice_in_extractable_chinese(client, seat, frozen_now):
    registration, room = seat
    on_notice_date(frozen_now, registration.session)
    client.force_login(registration.candidate.user)
    response = client.get(reverse("portal:exam_notice_pdf", args=[registration.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert b"/FontFile2" in body
    text = pdf_text(body)
    for expected in (
        "考試通知", registration.admission_number, registration.candidate.name_zh, room.venue.address,
        room.name, "C02", "09:00–10:35", "延長考試時間", "身分證件", "國家考試電子計算器", "20 分鐘內得准入場",
        "30 分鐘內不得離場", clock.roc_date(registration.session.exam_date),
    ):  # fmt: skip
        assert expected in text, expected


def test_an_unseated_paid_candidate_is_told_the_seats_are_being_arranged(client, frozen_now):
    session = exam_sitting()
    registration = seated(session, make_room(), numbers=())
    on_notice_date(frozen_now, session)
    client.force_login(registration.candidate.user)
    html = client.get(reverse("portal:exam_notice", args=[registration.pk])).content.decode()
    assert "座位安排中" in html
    assert client.get(reverse("portal:exam_notice_pdf", args=[registration.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["portal:exam_notice", "portal:exam_notice_pdf"])
def test_another_candidate_gets_404(client, seat, frozen_now, url_name):
    registration, _room = seat
    on_notice_date(frozen_now, registration.session)
    client.force_login(CandidateFactory().user)
    assert client.get(reverse(url_name, args=[registration.pk])).status_code == 404


def test_an_unpaid_registration_has_no_notice(client, seat, frozen_now):
    registration, _room = seat
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    on_notice_date(frozen_now, registration.session)
    client.force_login(registration.candidate.user)
    assert client.get(reverse("portal:exam_notice", args=[registration.pk])).status_code == 404


def test_anonymous_is_sent_to_login_and_a_coordinator_is_refused(client, seat, frozen_now):
    registration, _room = seat
    url = reverse("portal:exam_notice_pdf", args=[registration.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_coordinator().user)
    assert client.get(url).status_code == 403


def test_the_status_page_links_the_notice(client, seat):
    registration, _room = seat
    client.force_login(registration.candidate.user)
    html = client.get(reverse("portal:registration_detail", args=[registration.pk])).content.decode()
    assert reverse("portal:exam_notice", args=[registration.pk]) in html


def _group(session, room, size=2):
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator, session=session)
    members = []
    for column in range(1, size + 1):
        registration = seated(session, room, row=1, column=column)
        registration.group_sitting = sitting
        registration.save(update_fields=["group_sitting"])
        members.append(registration)
    return coordinator, sitting, members


def test_a_coordinator_downloads_every_notice_of_the_group_in_one_pdf(client, frozen_now):
    session = exam_sitting()
    room = make_room()
    coordinator, sitting, members = _group(session, room, size=3)
    outsider = seated(session, room, row=2, column=1)
    on_notice_date(frozen_now, session)
    client.force_login(coordinator.user)
    response = client.get(reverse("groupportal:exam_notices", args=[sitting.pk]))
    assert response.status_code == 200
    pages = [pdf_text(response.content, page=i) for i in range(3)]
    assert sorted(r.admission_number for r in members) == [
        next(r.admission_number for r in members if r.admission_number in page) for page in pages
    ]
    assert all(outsider.admission_number not in page for page in pages)


def test_the_group_download_before_the_notice_date_says_when(client, frozen_now):
    session = exam_sitting()
    coordinator, sitting, _members = _group(session, make_room())
    client.force_login(coordinator.user)
    response = client.get(reverse("groupportal:exam_notices", args=[sitting.pk]))
    assert response.status_code == 409
    assert clock.roc_date(notices.notice_opens_on(session)) in response.content.decode()


def test_another_groups_coordinator_and_a_candidate_get_404(client, frozen_now):
    session = exam_sitting()
    _coordinator, sitting, members = _group(session, make_room())
    on_notice_date(frozen_now, session)
    url = reverse("groupportal:exam_notices", args=[sitting.pk])
    client.force_login(make_coordinator().user)
    assert client.get(url).status_code == 404
    client.force_login(members[0].candidate.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_of_the_venue_role_view_any_notice_others_are_refused(client, seat, frozen_now):
    registration, _room = seat
    on_notice_date(frozen_now, registration.session)
    url = reverse("backoffice_tools:examday_notice", args=[registration.pk])
    client.force_login(staff_user(StaffRole.VENUE))
    response = client.get(url)
    assert response.status_code == 200 and registration.admission_number in pdf_text(response.content)
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(url).status_code == 403
    client.force_login(registration.candidate.user)
    assert client.get(url).status_code in (302, 403)


def test_notices_go_out_by_email_and_sms_once_from_the_notice_date(
    seat, frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    registration, _room = seat
    unseated = seated(registration.session, make_room(), numbers=())
    on_notice_date(frozen_now, registration.session, days_after=-1)  # the day before: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_exam_notices")
    assert mailoutbox == [] and not ExamNoticeSent.objects.exists()

    on_notice_date(frozen_now, registration.session)  # the notice date itself (08:00 Taipei)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_exam_notices")
    [mail] = mailoutbox
    assert mail.to == [registration.candidate.user.email]
    assert registration.admission_number in mail.body and "C02" in mail.body
    [sms] = SmsMessage.objects.all()
    assert registration.admission_number in sms.body
    sent = ExamNoticeSent.objects.get()
    assert sent.registration == registration and sent.emailed and sent.texted
    assert not ExamNoticeSent.objects.filter(registration=unseated).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert notices.exam_notices_send() == 0
    assert len(mailoutbox) == 1 and SmsMessage.objects.count() == 1


def test_no_notice_is_sent_after_the_exam_or_for_a_cancelled_sitting(seat, frozen_now, mailoutbox):
    registration, _room = seat
    session = registration.session
    frozen_now(clock.at(session.exam_date + dt.timedelta(days=1), 8))
    assert notices.exam_notices_send() == 0
    on_notice_date(frozen_now, session)
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled"])
    assert notices.exam_notices_send() == 0


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed (make setup installs it)")
def test_the_printed_barcode_scans_to_the_admission_number(seat, tmp_path):
    registration, _room = seat
    body = notices.notices_pdf([notices.notice_for(registration)])
    png = pdf_to_png(body, tmp_path / "notice.png", scale=3)
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert scanned.returncode == 0, scanned.stderr
    assert scanned.stdout.strip() == registration.admission_number
