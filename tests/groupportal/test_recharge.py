"""iPAS x 人培再充電 (brochure 113 §3.3 備註6) from the group portal to the amount charged: a course
organiser (an organisation staff made one) registers that year's sitting of an item that has
the plan and uploads its trainees through the group upload; their written subjects are free.
Practical subjects, an item without the plan and another year's sitting are refused clearly."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.catalog.models import Fee, Plan, SubjectKind
from skillcert.core import clock
from skillcert.groups.models import GroupSitting, Organisation
from skillcert.registrations.models import Registration
from tests.factories import make_level, make_session
from tests.groups.factories import make_coordinator, make_organisation, rows_for, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(frozen_now):
    frozen_now(clock.at(dt.date(2026, 3, 2), 10))
    organisation = make_organisation(
        kind=Organisation.Kind.ORGANISER, name="人培再充電課程", recognition_signed_on=None
    )
    return make_coordinator(organisation=organisation)


def mdmt_session(**kwargs):
    level = make_level(code="MDMT", roc_year=113)
    Fee.objects.create(level=level, plan=Plan.RECHARGE, kind=SubjectKind.WRITTEN, amount=0)
    return make_session(level, **kwargs)


def register_sitting(client, session):
    return client.post(reverse("groupportal:sitting_register"), {"session": session.pk}, follow=True)


def test_a_course_organiser_uploads_trainees_and_their_written_subjects_are_free(client, organiser):
    session = mdmt_session()
    client.force_login(organiser.user)
    register_sitting(client, session)
    sitting = GroupSitting.objects.get(session=session, organisation=organiser.organisation)
    rows = rows_for(3, bad={3: {"subjects": "1,3"}})  # subject 3 is a practical subject
    response = client.post(reverse("groupportal:upload", args=[sitting.pk]), {"file": xlsx_file(rows)})
    assert response.status_code == 200
    assert "人培再充電方案僅可免費報考學科考科" in response.content.decode()
    charged = sorted(
        (r.plan, r.amount, r.status, [line.fee for line in r.subjects.all()])
        for r in Registration.objects.filter(group_sitting=sitting)
    )
    assert charged == [("recharge", 0, "paid", [0, 0])] * 2
    page = client.get(reverse("groupportal:sitting", args=[sitting.pk]))
    assert page.context["summary"]["due"] == 0 and page.context["summary"]["paid"] == 2


def test_an_item_without_the_plan_or_another_years_sitting_is_refused(client, organiser):
    client.force_login(organiser.user)
    spe = make_session()  # SPE 115 has no 再充電 row
    response = register_sitting(client, spe)
    assert "沒有 iPAS x 人培再充電方案" in response.content.decode()
    next_year = mdmt_session(exam_in_days=320)  # 2027
    response = register_sitting(client, next_year)
    assert "當年度（2026 年）" in response.content.decode()
    assert not GroupSitting.objects.exists()


def test_a_school_group_pays_the_group_price_for_the_same_upload(client, frozen_now):
    frozen_now(clock.at(dt.date(2026, 3, 2), 10))
    session = mdmt_session()
    coordinator = make_coordinator()
    client.force_login(coordinator.user)
    register_sitting(client, session)
    sitting = GroupSitting.objects.get(session=session)
    client.post(reverse("groupportal:upload", args=[sitting.pk]), {"file": xlsx_file(rows_for(1))})
    registration = Registration.objects.get(group_sitting=sitting)
    assert (registration.plan, registration.amount, registration.status) == ("group", 1200, "awaiting_payment")
