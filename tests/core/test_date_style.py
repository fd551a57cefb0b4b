"""One date style: every date a candidate or coordinator sees is written the brochures' way
(民國 year, core.clock), on pages and in e-mails, never ISO or Django's default."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from skillcert.accounts.models import StaffRole
from skillcert.core import clock
from skillcert.scoring.evaluation import session_evaluate
from tests.factories import PASSWORD, make_session, staff_user
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file
from tests.registrations.factories import register
from tests.scoring.factories import CandidateFactory, make_level, scored, sitting

pytestmark = pytest.mark.django_db

ROC_DATE = re.compile(r"1\d\d/\d\d/\d\d")
OTHER_STYLES = re.compile(r"\b20\d\d[-/.]\d\d?[-/.]\d\d?\b|\b20\d\d年|\b[A-Z][a-z]{2}\.? \d{1,2}, 20\d\d")


def visible(html: str) -> str:
    """The text a person reads: tags (and their attributes, such as <time datetime>) removed."""
    return re.sub(r"<[^>]*>", " ", html)


def assert_one_style(text: str) -> None:
    assert ROC_DATE.search(text), text
    assert not OTHER_STYLES.search(text), OTHER_STYLES.search(text).group(0)


def test_results_list_shows_the_exam_date_in_roc(client, frozen_now):
    frozen_now(clock.at(dt.date(2026, 6, 12), 9))
    session = sitting(make_level(), exam_date=dt.date(2026, 5, 23), published_in_days=20)
    owner = CandidateFactory()
    scored(owner, session, {1: 80, 2: 55})
    session_evaluate(session=session)
    client.login(username=owner.user.username, password=PASSWORD)
    page = visible(client.get(reverse("portal:results")).content.decode())
    assert "115/05/23" in page
    assert_one_style(page)


def test_group_portal_pages_show_roc_dates(client):
    coordinator = make_coordinator()
    organisation = coordinator.organisation
    organisation.recognition_signed_on = dt.date(2025, 9, 1)
    organisation.save(update_fields=["recognition_signed_on"])
    group_sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{group_sitting.pk}/upload/", {"file": xlsx_file(rows_for(2))})
    client.force_login(staff_user(StaffRole.FINANCE))
    url = f"/backoffice/tools/groups/sittings/{group_sitting.pk}/remittance/"
    client.post(url, {"amount": 2400, "remitted_on": "2026-03-20", "bank_reference": "TX9"})
    client.force_login(coordinator.user)
    home = visible(client.get("/group/").content.decode())
    assert "114/09/01" in home
    assert_one_style(home)
    detail = visible(client.get(f"/group/sittings/{group_sitting.pk}/").content.decode())
    assert "115/03/20" in detail
    assert_one_style(detail)
    closes = clock.roc_datetime(group_sitting.session.group_registration_closes)
    changes = visible(client.get(f"/group/sittings/{group_sitting.pk}/changes/").content.decode())
    assert closes in changes
    assert_one_style(changes)


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_e_mails_in_both_languages_write_roc_dates(language, django_capture_on_commit_callbacks, mailoutbox):
    from django.utils import translation

    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        registration = register(session=make_session())
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert clock.roc_date(registration.payment_deadline, weekday=False) in body
    assert_one_style(body)
