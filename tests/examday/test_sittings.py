"""A sitting cancelled: one service, used by the back office's 停辦 checkbox too."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.accounts.roles import roles_setup
from skillcert.catalog.models import ExamSession, News, SeatPool
from skillcert.core.audit import history
from skillcert.examday.errors import ExamdayError
from skillcert.examday.sittings import session_cancel, session_cancel_allowed
from skillcert.registrations import services
from tests.factories import make_session, staff_user
from tests.registrations.factories import register

pytestmark = pytest.mark.django_db


def test_cancelling_a_sitting_cancels_its_registrations_records_refunds_owed_and_posts_news(
    django_capture_on_commit_callbacks, mailoutbox
):
    session = make_session()
    unpaid, paid = register(session=session), register(session=session)
    services.registration_mark_paid(registration=paid)
    officer = staff_user(StaffRole.ITEM_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=officer, reason="颱風停辦")
    session.refresh_from_db()
    assert session.is_cancelled and session.status_note == "颱風停辦"
    for registration in (unpaid, paid):
        registration.refresh_from_db()
        assert registration.status == "cancelled"
    assert SeatPool.objects.get(session=session).held == 0
    assert [e.data["amount"] for e in history(paid) if e.action == "registration.refund_owed"] == [paid.amount]
    assert not [e for e in history(unpaid) if e.action == "registration.refund_owed"]
    news = News.objects.get(item=session.level.brochure.item)
    assert news.is_pinned and news.body == "颱風停辦"
    assert len([m for m in mailoutbox if "取消" in m.subject]) == 2
    with pytest.raises(ExamdayError, match="已停辦"):
        session_cancel(session=session, actor=officer, reason="again")


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
