"""Revocation reaches the schools: a certificate revoked for fraud reads as not certified (and
revoked) in the group's pass list page and its export, which schools use for subsidy claims."""

import datetime as dt

import pytest

from skillcert.certificates.services import certificate_issue, certificate_revoke
from skillcert.core import clock
from skillcert.registrations.models import Registration
from skillcert.scoring.models import Outcome
from tests.groups.factories import make_coordinator, make_sitting, rows_for, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(client, frozen_now):
    """A sitting with two uploaded candidates, both certified there, the scores published."""
    coordinator = make_coordinator()
    sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    client.post(f"/group/sittings/{sitting.pk}/upload/", {"file": xlsx_file(rows_for(2))})
    honest, cheat = (r.candidate for r in Registration.objects.order_by("candidate__national_id"))
    session = sitting.session
    for candidate in (honest, cheat):
        Outcome.objects.create(
            candidate=candidate, level=session.level, certified=True, sitting=session, evaluated_at=clock.now()
        )
        certificate_issue(candidate=candidate, level=session.level)
    frozen_now(clock.at(session.scores_published_on + dt.timedelta(days=1), 9))
    return sitting, honest, cheat


def test_a_revoked_certificate_reads_as_not_certified_and_revoked_in_the_export(client, published):
    sitting, honest, cheat = published
    certificate_revoke(certificate=cheat.certificates.get(), reason="舞弊")

    lines = client.get(f"/group/sittings/{sitting.pk}/export.csv").content.decode("utf-8-sig").splitlines()
    by_id = {line.split(",")[1]: line.split(",")[-1] for line in lines[1:]}

    assert by_id == {honest.national_id: "是", cheat.national_id: "否（證書已撤銷）"}


def test_a_revoked_certificate_reads_as_revoked_on_the_pass_list_page(client, published):
    sitting, honest, cheat = published
    before = client.get(f"/group/sittings/{sitting.pk}/").content.decode()
    assert "證書已撤銷" not in before

    certificate_revoke(certificate=cheat.certificates.get(), reason="舞弊")
    page = client.get(f"/group/sittings/{sitting.pk}/").content.decode()

    row = page[page.index(cheat.national_id) :].split("</tr>")[0]
    assert "否（證書已撤銷）" in row
    honest_row = page[page.index(honest.national_id) :].split("</tr>")[0]
    assert "證書已撤銷" not in honest_row and "是" in honest_row


def test_another_coordinator_cannot_read_the_pass_list(client, published):
    sitting, _honest, _cheat = published
    client.force_login(make_coordinator().user)
    assert client.get(f"/group/sittings/{sitting.pk}/").status_code == 404
    assert client.get(f"/group/sittings/{sitting.pk}/export.csv").status_code == 404
    client.logout()
    assert client.get(f"/group/sittings/{sitting.pk}/export.csv").status_code == 302
