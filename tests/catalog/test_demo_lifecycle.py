"""`load_demo` replays last season through the services, relative to today: the demo candidate's
history, the demo school's results, something in every staff queue; and it loads twice safely."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from skillcert.accounts.models import User
from skillcert.catalog.models import ExamSession, Level
from skillcert.certificates.models import Certificate, ReissueRequest, RenewalRequest
from skillcert.core import clock
from skillcert.payments.models import BankCredit
from skillcert.registrations.models import Registration, SpecialNeeds
from skillcert.scoring.models import Dispute, Outcome, Ruling, ScoreReview
from skillcert.scoring.selectors import kept_subject_ids

pytestmark = pytest.mark.django_db

COUNTED = [Registration, Outcome, Certificate, ScoreReview, Dispute, BankCredit, RenewalRequest, ReissueRequest]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_the_demo_shows_the_whole_lifecycle_and_loads_twice(client):
    call_command("load_demo", stdout=io.StringIO())
    today = clock.today()
    demo = User.objects.get(username="demo").candidate

    past = demo.scores.get(session__level__rank=Level.Rank.BEGINNER, subject__number=1).session
    assert past.exam_date < today and past.scores_published_on <= today
    certificate = Certificate.objects.get(candidate=demo, level=past.level)
    assert ScoreReview.objects.get(candidate=demo, session=past).status == "replied"
    current_intermediate = Level.objects.filter(brochure__item__code="SPE", rank=Level.Rank.INTERMEDIATE).latest(
        "brochure__roc_year"
    )
    assert len(kept_subject_ids(candidate=demo, level=current_intermediate, on=today)) == 1
    now = clock.now()
    assert ExamSession.objects.filter(registration_opens__lte=now, registration_closes__gte=now).exists()
    client.force_login(demo.user)
    assert certificate.number in client.get(reverse("portal:certificate_list")).content.decode()

    school = Registration.objects.filter(group_sitting__organisation__group_code="DEMOTECH", status="paid")
    assert school.count() == 3
    assert Outcome.objects.filter(candidate__in=school.values("candidate"), level=past.level).count() == 3
    assert past.scores.filter(candidate__in=school.values("candidate")).count() == 6

    assert Registration.objects.filter(status="awaiting_review").exists()  # eligibility
    assert SpecialNeeds.objects.filter(decided_at__isnull=True).exists()
    assert BankCredit.objects.filter(status="exception").exists()
    assert ScoreReview.objects.filter(status="submitted").exists()
    assert Dispute.objects.filter(session=past).exists() and not Ruling.objects.filter(session=past).exists()
    assert RenewalRequest.objects.filter(status="submitted").exists()
    assert ReissueRequest.objects.filter(status="submitted").exists()

    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
