"""A sitting cancelled or postponed (issue #10): one service each (`examday.sittings`), used by
the back office's 停辦 box and its 考試延期 action; refunds owed become real applications, notices
go out again with the new date, everyone is told by e-mail and SMS."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.forms.models import model_to_dict
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.catalog.models import ExamSession, News, SeatPool
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.examday import notices
from skillcert.examday.errors import ExamdayError
from skillcert.examday.sittings import (
    session_cancel,
    session_cancel_allowed,
    session_postpone,
    session_postpone_refusal,
)
from skillcert.examrecords.models import ExamNoticeSent
from skillcert.groups import services as group_services
from skillcert.groups.models import GroupRefundRequest
from skillcert.notifications.models import Message, SmsMessage
from skillcert.payments.selectors import payouts_due
from skillcert.registrations import refunds, services
from skillcert.registrations.errors import RegistrationError
from skillcert.registrations.models import Postponement, RefundRequest, Registration
from tests.conftest import requires_postgres
from tests.factories import CandidateFactory, make_session, staff_user
from tests.groups.factories import make_coordinator, make_organisation, make_sitting
from tests.registrations.factories import register

from .factories_notices import exam_sitting, make_room, seated

pytestmark = pytest.mark.django_db

BANK = {"bank_code": "017", "branch_code": "0012", "account_number": "123456789", "account_holder": "王小明"}


def paid(registration):
    services.registration_mark_paid(registration=registration)
    return Registration.objects.get(pk=registration.pk)


def group_candidates(session, count, *, organisation=None, mobile="0912345678"):
    coordinator = make_coordinator(organisation=organisation)
    coordinator.phone = mobile
    coordinator.save(update_fields=["phone"])
    sitting = make_sitting(coordinator=coordinator, session=session)
    made = [paid(register(session=session, group_sitting=sitting)) for _ in range(count)]
    return sitting, coordinator, made


def texts_to(mobile):
    return [sms.body for sms in SmsMessage.objects.filter(to=mobile)]


# -- cancelled ------------------------------------------------------------------------------


def test_cancelling_a_sitting_cancels_its_registrations_records_refunds_owed_and_posts_news(
    django_capture_on_commit_callbacks, mailoutbox
):
    session = make_session()
    unpaid, done = register(session=session), paid(register(session=session))
    officer = staff_user(StaffRole.ITEM_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=officer, reason="颱風停辦")
    session.refresh_from_db()
    assert session.is_cancelled and session.status_note == "颱風停辦"
    for registration in (unpaid, done):
        registration.refresh_from_db()
        assert registration.status == "cancelled"
    assert SeatPool.objects.get(session=session).held == 0
    assert [e.data["amount"] for e in history(done) if e.action == "registration.refund_owed"] == [done.amount]
    assert not [e for e in history(unpaid) if e.action == "registration.refund_owed"]
    news = News.objects.get(item=session.level.brochure.item)
    assert news.is_pinned and news.body == "颱風停辦" and "停辦" in news.title
    # one e-mail each, the sitting's (not also the plain "registration cancelled" one)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.candidate.user.email for r in (unpaid, done))
    assert all("停辦" in m.subject for m in mailoutbox)
    with pytest.raises(ExamdayError, match="已停辦"):
        session_cancel(session=session, actor=officer, reason="again")


def test_cancellation_owes_each_paid_candidate_a_refund_application_and_tells_everyone(
    django_capture_on_commit_callbacks, mailoutbox
):
    session = make_session()
    unpaid, alone = register(session=session), paid(register(session=session))
    sitting, coordinator, (first, second) = group_candidates(session, 2)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=staff_user(StaffRole.ITEM_OFFICER), reason="報名人數不足")

    # the individual: a full refund of the kind 梯次停辦, waiting for the bank account
    owed = RefundRequest.objects.get(registration=alone)
    assert (owed.kind, owed.status, owed.requested_amount) == ("full_cancelled", "awaiting_account", alone.amount)
    assert not RefundRequest.objects.filter(registration=unpaid).exists()
    # the group: one request to the organisation's account, approved, in finance's payout export
    request = GroupRefundRequest.objects.get(group_sitting=sitting)
    org = sitting.organisation
    assert (request.kind, request.status, request.amount) == (
        "full_cancelled",
        "approved",
        first.amount + second.amount,
    )
    assert request.account_number == org.refund_account_number
    rows = {row[1]: row for row in payouts_due()}
    for registration in (first, second):
        refund = RefundRequest.objects.get(registration=registration)
        assert refund.status == "approved" and refund.approved_amount == registration.amount
        assert rows[f"R{refund.pk}"][2:] == (
            org.refund_bank_code, org.refund_branch_code, org.refund_account_number, org.invoice_title,
            registration.amount,
        )  # fmt: skip
    assert f"R{owed.pk}" not in rows  # not before the candidate gives an account

    mails = {m.to[0]: m for m in mailoutbox}
    assert "填寫您的退費帳戶" in mails[alone.candidate.user.email].body
    assert f"/portal/registrations/{alone.pk}/" in mails[alone.candidate.user.email].body
    assert "團報單位的帳戶" in mails[first.candidate.user.email].body
    assert "退還" not in mails[unpaid.candidate.user.email].body
    group_mail = mails[coordinator.user.email]
    assert "2 位團體報名考生" in group_mail.body and "停辦" in group_mail.subject
    message_ids = [m.extra_headers["Message-ID"] for m in mailoutbox]
    assert len(set(message_ids)) == len(mailoutbox) == 5
    assert set(message_ids) == set(Message.objects.filter(channel="email").values_list("message_id", flat=True))
    for registration in (unpaid, alone, first, second):
        [text] = texts_to(registration.candidate.mobile)
        assert "停辦" in text
    assert "退費帳戶" in texts_to(alone.candidate.mobile)[0]
    assert texts_to(coordinator.phone) and "貴單位帳戶" in texts_to(coordinator.phone)[0]


def test_the_candidate_gives_the_account_on_the_refund_form_and_finance_pays_it(client):
    session = make_session()
    registration = paid(register(session=session))
    session_cancel(session=session, actor=None, reason="場地不足")
    client.force_login(registration.candidate.user)
    detail = reverse("portal:registration_detail", args=[registration.pk])
    html = client.get(detail).content.decode()
    assert "梯次停辦，全額退費" in html and "待填退費帳戶" in html
    form = reverse("portal:refund_new", args=[registration.pk])
    page = client.get(form).content.decode()
    assert "梯次停辦，全額退費" in page and "報名期間內取消報名" not in page
    assert client.post(form, {"kind": "full_cancelled", **BANK, "bank_code": "17"}).status_code == 400
    assert RefundRequest.objects.get().status == "awaiting_account"
    response = client.post(form, {"kind": "full_cancelled", **BANK}, follow=True)
    assert "已收到退費帳戶" in response.content.decode()
    refund = RefundRequest.objects.get()
    assert (refund.status, refund.approved_amount, refund.account_number) == (
        "approved",
        registration.amount,
        "123456789",
    )
    assert ("refund", f"R{refund.pk}", "017", "0012", "123456789", "王小明", registration.amount) in payouts_due()
    # once given, the form is closed (the kind is no longer offered)
    assert client.post(form, {"kind": "full_cancelled", **BANK}).status_code == 302
    assert RefundRequest.objects.count() == 1
    refunds.refund_record_paid(refund=refund, actor=staff_user(StaffRole.FINANCE), amount=registration.amount)
    registration.refresh_from_db()
    assert registration.status == "refunded"


def test_refunds_owed_are_made_once_however_often_they_are_asked_for():
    session = make_session()
    alone = paid(register(session=session))
    _sitting, _coordinator, group = group_candidates(session, 2)
    session_cancel(session=session, actor=None, reason="停辦")
    before = (RefundRequest.objects.count(), GroupRefundRequest.objects.count(), News.objects.count())
    refunds.refund_owed_for_cancellation(registration=alone, actor=None, reason="again")
    group_services.group_refunds_for_cancelled_session(registrations=group, actor=None, reason="again")
    with pytest.raises(ExamdayError, match="已停辦"):
        session_cancel(session=session, actor=None, reason="again")
    assert (
        (RefundRequest.objects.count(), GroupRefundRequest.objects.count(), News.objects.count()) == before == (3, 1, 1)
    )


def test_a_group_without_a_refund_account_is_paid_once_its_coordinator_enters_one():
    session = make_session()
    organisation = make_organisation(refund_bank_code="", refund_branch_code="", refund_account_number="")
    sitting, coordinator, (registration,) = group_candidates(session, 1, organisation=organisation)
    session_cancel(session=session, actor=None, reason="停辦")
    request = GroupRefundRequest.objects.get()
    assert request.status == "submitted" and request.refunds.get().status == "awaiting_account"
    assert (
        not payouts_due() and refunds.refund_kinds_for(registration=registration) == []
    )  # not the candidate's to give
    group_services.organisation_update(
        coordinator=coordinator, actor=coordinator.user,
        refund_bank_code="005", refund_branch_code="0012", refund_account_number="001234567890",
    )  # fmt: skip
    request.refresh_from_db()
    assert request.status == "approved" and request.account_number == "001234567890"
    [row] = payouts_due()
    assert row[2:5] == ("005", "0012", "001234567890") and row[6] == registration.amount


def test_a_sitting_already_held_cannot_be_cancelled_and_nothing_changes(frozen_now):
    session = make_session(exam_in_days=30)
    registration = paid(register(session=session))
    frozen_now(clock.at(session.exam_date + dt.timedelta(days=1), 9))
    assert not session_cancel_allowed(session)
    with pytest.raises(ExamdayError, match="考試，不能停辦"):
        session_cancel(session=session, actor=None, reason="事後停辦")
    registration.refresh_from_db()
    assert registration.status == "paid" and not ExamSession.objects.get(pk=session.pk).is_cancelled
    assert not News.objects.exists() and not RefundRequest.objects.exists()


def test_low_turnout_is_a_reason_only_below_the_brochures_minimum():
    session = make_session()
    minimum = session.level.brochure.minimum_turnout
    for _i in range(minimum):
        register(session=session)
    assert not session_cancel_allowed(session, for_low_turnout=True)
    with pytest.raises(ExamdayError, match="最低開考人數"):
        session_cancel(session=session, actor=None, reason="人數不足", for_low_turnout=True)
    services.registration_cancel(registration=session.registrations.first(), by="staff")
    assert session_cancel_allowed(session, for_low_turnout=True)
    session_cancel(session=session, actor=None, reason="人數不足", for_low_turnout=True)
    assert session.registrations.filter(status="cancelled").count() == minimum


def test_a_reason_is_required():
    with pytest.raises(ExamdayError, match="停辦原因"):
        session_cancel(session=make_session(), actor=None, reason=" ")


def _admin_post(client, session, **changes):
    data = {k: v for k, v in model_to_dict(session).items() if v is not None}
    data["regions"] = [r.pk for r in session.regions.all()]
    for prefix in ("timetable", "seat_pools"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for name in ("group_registration_opens", "group_registration_closes", "registration_opens", "registration_closes"):
        value = getattr(session, name)
        data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
    data.update(changes)
    url = reverse("backoffice:catalog_examsession_change", args=[session.pk])
    return client.post(url, data, follow=True)


def test_the_back_office_checkbox_goes_through_the_service(client):
    roles_setup()
    session = make_session()
    registration = register(session=session)
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    response = _admin_post(client, session, is_cancelled="on", status_note="")
    assert "請填寫停辦原因" in response.content.decode()
    assert not ExamSession.objects.get(pk=session.pk).is_cancelled
    _admin_post(client, session, is_cancelled="on", status_note="場地不足")
    session.refresh_from_db()
    registration.refresh_from_db()
    assert session.is_cancelled and registration.status == "cancelled"
    assert News.objects.filter(body="場地不足").exists()
    response = _admin_post(client, session, is_cancelled="")
    assert "不能在此恢復" in response.content.decode()
    assert ExamSession.objects.get(pk=session.pk).is_cancelled


def test_the_admin_refuses_a_new_exam_date_once_candidates_paid_and_points_to_the_postponement(client):
    roles_setup()
    session = make_session()
    registration = register(session=session)
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    earlier = session.exam_date - dt.timedelta(days=1)
    _admin_post(client, session, exam_date=earlier.isoformat())
    assert ExamSession.objects.get(pk=session.pk).exam_date == earlier  # nobody paid yet: a plain edit
    session.refresh_from_db()
    paid(registration)
    response = _admin_post(client, session, exam_date=(earlier + dt.timedelta(days=7)).isoformat())
    assert "考試延期" in response.content.decode() and "已有考生繳費" in response.content.decode()
    assert ExamSession.objects.get(pk=session.pk).exam_date == earlier


# -- postponed ------------------------------------------------------------------------------


@pytest.fixture
def noticed(frozen_now, django_capture_on_commit_callbacks):
    """A sitting 8 days away (its notice date passed) with a seated, paid candidate already
    sent the notice, and a group candidate."""
    frozen_now(clock.at(clock.today(), 9))
    session = exam_sitting(exam_in_days=8)
    registration = seated(session, make_room(), row=1, column=2)
    _sitting, coordinator, (group_candidate,) = group_candidates(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.exam_notices_send() == 1
    return session, registration, coordinator, group_candidate


def test_postponing_moves_the_dates_reissues_notices_opens_the_refund_window_and_tells_everyone(
    noticed, frozen_now, mailoutbox, django_capture_on_commit_callbacks, client
):
    session, registration, coordinator, group_candidate = noticed
    old_date = session.exam_date
    old_starts = list(session.timetable.values_list("starts_at", flat=True))
    old_publication = session.scores_published_on
    mailoutbox.clear()
    new_date = old_date + dt.timedelta(days=2)  # its notice date: today
    officer = staff_user(StaffRole.ITEM_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        postponement = session_postpone(session=session, new_date=new_date, actor=officer, reason="颱風")
    session.refresh_from_db()
    assert session.exam_date == new_date and session.scores_published_on == old_publication + dt.timedelta(days=2)
    assert list(session.timetable.values_list("starts_at", flat=True)) == [s + dt.timedelta(days=2) for s in old_starts]
    assert notices.notice_opens_on(session) == new_date - dt.timedelta(days=10)
    assert postponement.announced_on == clock.today() and Postponement.objects.get(session=session) == postponement
    [entry] = [e for e in history(session) if e.action == "examsession.postponed"]
    assert entry.data["from"] == old_date.isoformat() and entry.actor == officer
    news = News.objects.get()
    assert "延期" in news.title and clock.roc_date(new_date) in news.body

    # the notice again, with the new date (e-mail, SMS, page and PDF)
    [notice_mail] = [m for m in mailoutbox if m.to == [registration.candidate.user.email] and "考試通知" in m.subject]
    assert clock.roc_date(new_date) in notice_mail.body and "09:00" in notice_mail.body
    assert ExamNoticeSent.objects.get(registration=registration).exam_date == new_date
    client.force_login(registration.candidate.user)
    page = client.get(reverse("portal:exam_notice", args=[registration.pk])).content.decode()
    assert clock.roc_date(new_date) in page and clock.roc_date(old_date) not in page
    # the postponement itself, to every candidate and the coordinator
    told = {m.to[0]: m for m in mailoutbox if "延期" in m.subject}
    assert set(told) == {
        registration.candidate.user.email,
        group_candidate.candidate.user.email,
        coordinator.user.email,
    }
    assert clock.roc_date(new_date) in told[registration.candidate.user.email].body
    first, last = clock.today() + dt.timedelta(days=1), clock.today() + dt.timedelta(days=3)
    assert f"{clock.roc_date(first)} 至 {clock.roc_date(last)}" in told[registration.candidate.user.email].body
    assert "團報窗口" in told[group_candidate.candidate.user.email].body
    for mobile in (registration.candidate.mobile, group_candidate.candidate.mobile, coordinator.phone):
        assert any("延期" in text for text in texts_to(mobile))
    assert sum("考試通知碼" in text for text in texts_to(registration.candidate.mobile)) == 2

    # the daily job sends nothing more for the same date
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.exam_notices_send() == 0

    # the refund window: from the next day for 3 days, then closed with a clear message
    def kinds_on(day):
        frozen_now(clock.at(day, 10))
        return refunds.refund_kinds_for(registration=Registration.objects.get(pk=registration.pk))

    assert "full_postponed" not in kinds_on(clock.today())
    assert "full_postponed" in kinds_on(last)
    assert "full_postponed" not in kinds_on(last + dt.timedelta(days=1))
    with pytest.raises(RegistrationError, match="申請期限"):
        refunds.refund_request_create(registration=registration, actor=None, kind="full_postponed", **BANK)
    kinds_on(first)
    refund = refunds.refund_request_create(registration=registration, actor=None, kind="full_postponed", **BANK)
    assert refund.requested_amount == registration.amount


def test_a_later_notice_date_sends_the_notice_again_on_that_day(
    noticed, frozen_now, mailoutbox, django_capture_on_commit_callbacks
):
    session, registration, _coordinator, _group = noticed
    new_date = session.exam_date + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        session_postpone(session=session, new_date=new_date, actor=None, reason="颱風")
    session.refresh_from_db()
    assert ExamNoticeSent.objects.get(registration=registration).exam_date != new_date  # not yet: notice date ahead
    mailoutbox.clear()
    frozen_now(clock.at(notices.notice_opens_on(session), 8))
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.exam_notices_send() == 1
        assert notices.exam_notices_send() == 0
    [mail] = mailoutbox
    assert clock.roc_date(new_date) in mail.body
    assert ExamNoticeSent.objects.get(registration=registration).exam_date == new_date


@pytest.mark.parametrize(
    ("days", "message"),
    [(-20, "今天之後"), (0, "晚於原考試日期"), (-1, "晚於原考試日期"), (None, "請填寫新的考試日期")],
)
def test_a_bad_new_date_is_refused_and_nothing_changes(days, message):
    session = exam_sitting(exam_in_days=8)
    registration = paid(register(session=session))
    new_date = None if days is None else session.exam_date + dt.timedelta(days=days)
    assert session_postpone_refusal(session, new_date=new_date) is not None
    with pytest.raises(ExamdayError, match=message):
        session_postpone(session=session, new_date=new_date, actor=None, reason="颱風")
    _nothing_changed(session, registration)


def _nothing_changed(session, registration):
    fresh = ExamSession.objects.get(pk=session.pk)
    assert fresh.exam_date == session.exam_date and not fresh.status_note
    assert list(fresh.timetable.values_list("starts_at", flat=True)) == list(
        session.timetable.values_list("starts_at", flat=True)
    )
    assert not Postponement.objects.exists() and not News.objects.exists()
    assert not Message.objects.filter(template="session_postponed").exists()
    assert Registration.objects.get(pk=registration.pk).status == registration.status


def test_a_sitting_held_or_cancelled_cannot_be_postponed(frozen_now):
    held = exam_sitting(exam_in_days=8)
    registration = paid(register(session=held))
    frozen_now(clock.at(held.exam_date + dt.timedelta(days=1), 9))
    with pytest.raises(ExamdayError, match="考試，不能延期"):
        session_postpone(session=held, new_date=held.exam_date + dt.timedelta(days=30), actor=None, reason="颱風")
    _nothing_changed(held, registration)
    frozen_now(clock.at(held.exam_date - dt.timedelta(days=8), 9))
    session_cancel(session=held, actor=None, reason="停辦")
    held.refresh_from_db()
    with pytest.raises(ExamdayError, match="已停辦，不能延期"):
        session_postpone(session=held, new_date=held.exam_date + dt.timedelta(days=7), actor=None, reason="颱風")
    assert ExamSession.objects.get(pk=held.pk).exam_date == held.exam_date and not Postponement.objects.exists()


def test_a_postponement_needs_a_reason():
    session = exam_sitting(exam_in_days=8)
    with pytest.raises(ExamdayError, match="延期原因"):
        session_postpone(session=session, new_date=session.exam_date + dt.timedelta(days=7), actor=None, reason=" ")
    assert ExamSession.objects.get(pk=session.pk).exam_date == session.exam_date


def test_the_back_office_action_asks_for_confirmation_then_postpones(client, django_capture_on_commit_callbacks):
    roles_setup()
    session = exam_sitting(exam_in_days=8)
    registration = paid(register(session=session))
    url = reverse("backoffice_tools:session_postpone", args=[session.pk])
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(url).status_code == 403
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    assert "新的考試日期" in client.get(url).content.decode()
    new_date = session.exam_date + dt.timedelta(days=7)
    bad = client.post(url, {"new_date": (session.exam_date - dt.timedelta(days=20)).isoformat(), "reason": "颱風"})
    assert bad.status_code == 400 and "今天之後" in bad.content.decode()
    confirm = client.post(url, {"new_date": new_date.isoformat(), "reason": "颱風"})
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "確認延期" in html and clock.roc_date(new_date) in html
    assert ExamSession.objects.get(pk=session.pk).exam_date == session.exam_date  # not before confirming
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"new_date": new_date.isoformat(), "reason": "颱風", "confirm": "yes"}, follow=True)
    assert "已延期至" in done.content.decode()
    assert ExamSession.objects.get(pk=session.pk).exam_date == new_date
    assert Message.objects.filter(template="session_postponed", recipient=registration.candidate.user.email).exists()
    again = client.post(url, {"new_date": new_date.isoformat(), "reason": "颱風", "confirm": "yes"})
    assert again.status_code == 400 and "晚於原考試日期" in again.content.decode()
    assert Postponement.objects.count() == 1


def test_the_cancellation_mail_reaches_a_real_smtp_server_in_chinese(smtp_server, django_capture_on_commit_callbacks):
    session = make_session()
    registration = paid(register(candidate=CandidateFactory(), session=session))
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=None, reason="颱風停辦")
    mail = smtp_server.wait_for(lambda m: "停辦" in m["Subject"])
    assert mail["X-Envelope-To"] == registration.candidate.user.email
    assert mail["Message-ID"].strip() == Message.objects.get(template="session_cancelled").message_id
    assert "颱風停辦" in smtp_server.body(mail) and "填寫您的退費帳戶" in smtp_server.body(mail)


def test_the_back_office_cancel_action_asks_for_confirmation_then_cancels(client, django_capture_on_commit_callbacks):
    roles_setup()
    session = make_session()
    registration = paid(register(session=session))
    url = reverse("backoffice_tools:session_cancel", args=[session.pk])
    client.force_login(staff_user(StaffRole.FINANCE))
    assert client.get(url).status_code == 403
    client.force_login(staff_user(StaffRole.ITEM_OFFICER))
    assert client.post(url, {"reason": " "}).status_code == 400
    index = reverse("backoffice_tools:sessions_index")
    assert url in client.get(index).content.decode()
    confirm = client.post(url, {"reason": "場地不足"})
    assert confirm.status_code == 200 and "確認停辦" in confirm.content.decode()
    assert not ExamSession.objects.get(pk=session.pk).is_cancelled  # not before confirming
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "場地不足", "confirm": "yes"}, follow=True)
    assert "本梯次已停辦" in done.content.decode()
    assert ExamSession.objects.get(pk=session.pk).is_cancelled
    assert RefundRequest.objects.get(registration=registration).status == "awaiting_account"
    assert url not in client.get(index).content.decode()  # only sittings still to be held are listed
    again = client.post(url, {"reason": "場地不足", "confirm": "yes"})
    assert again.status_code == 400 and "已停辦" in again.content.decode()


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_racing_notice_runs_reissue_a_postponed_notice_once_on_postgresql(frozen_now):
    frozen_now(clock.at(clock.today(), 9))
    session = exam_sitting(exam_in_days=8)
    registrations = [seated(session, make_room(), row=1, column=1) for _ in range(3)]
    assert notices.exam_notices_send() == 3
    session_postpone(session=session, new_date=session.exam_date + dt.timedelta(days=14), actor=None, reason="颱風")
    session.refresh_from_db()
    frozen_now(clock.at(notices.notice_opens_on(session), 8))
    before = Message.objects.filter(template="examday_notice").count()
    start, counts, lock = threading.Barrier(4), [], threading.Lock()

    def run():
        start.wait()
        try:
            sent = notices.exam_notices_send()
        finally:
            connections.close_all()
        with lock:
            counts.append(sent)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 3 and len(counts) == 4
    assert Message.objects.filter(template="examday_notice").count() == before + 3
    assert set(ExamNoticeSent.objects.filter(registration__in=registrations).values_list("exam_date", flat=True)) == {
        session.exam_date
    }
