"""Public verification: number + name → valid / expired / replaced / revoked; the QR link opens
the answer directly; a wrong name or number answers exactly like a missing one; rate-limited."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.catalog.models import Level
from skillcert.certificates.models import CertificateKind
from skillcert.certificates.services import certificate_replace, certificate_revoke, verify_url
from skillcert.core import clock
from tests.certificates.factories import certificate, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _july_2026(frozen_now):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))


def _ask(client, number, name):
    return client.get(reverse("certificates:verify"), {"number": number, "name": name})


def _status(response) -> str:
    body = response.content.decode()
    marker = 'data-status="'
    return body[body.index(marker) + len(marker) :].split('"', 1)[0]


def _result(response) -> str:
    body = response.content.decode()
    return body[body.index('<section class="verify-result"') : body.index("</section>")]


def test_valid_certificate_by_number_and_name(client):
    issued = certificate(candidate=person(name_zh="陳大文", national_id="A123456789", mobile="0912345678"))
    response = _ask(client, issued.number.lower(), " 陳大文 ")
    assert response.status_code == 200 and _status(response) == "valid"
    body = response.content.decode()
    assert issued.number in body and "陳大文" in body
    for private in ("A123456789", "0912345678", "2003", issued.candidate.user.email, "新竹縣"):
        assert private not in body


def test_expired_replaced_and_revoked(client, frozen_now):
    middle = certificate(rank=Level.Rank.INTERMEDIATE, candidate=person(name_zh="李四"))
    frozen_now(clock.at(dt.date(2031, 7, 1), 9))
    assert _status(_ask(client, middle.number, "李四")) == "expired"
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))
    old = certificate(candidate=person(name_zh="張三"))
    new = certificate_replace(
        certificate=old, kind=CertificateKind.REISSUE, valid_from=old.valid_from, valid_until=None
    )
    assert _status(_ask(client, old.number, "張三")) == "replaced"
    assert _status(_ask(client, new.number, "張三")) == "valid"
    certificate_revoke(certificate=new, reason="舞弊")
    response = _ask(client, new.number, "張三")
    assert _status(response) == "revoked" and "舞弊" not in response.content.decode()


def test_wrong_name_answers_like_an_unknown_number(client):
    issued = certificate(candidate=person(name_zh="王大明"))
    wrong_name = _ask(client, issued.number, "王小明")
    unknown = _ask(client, issued.number[:-8] + "999999-0", "王大明")
    assert _status(wrong_name) == _status(unknown) == "none"
    assert wrong_name.status_code == unknown.status_code == 200
    assert "王大明" not in wrong_name.content.decode()
    assert _result(wrong_name) == _result(unknown)


def test_qr_link_opens_the_result_with_the_name_masked(client, settings):
    issued = certificate(candidate=person(name_zh="王大明"))
    url = verify_url(issued)
    assert url.startswith(settings.SITE_URL) and issued.number in url and issued.verify_token in url
    response = client.get(url.removeprefix(settings.SITE_URL.rstrip("/")))
    assert _status(response) == "valid"
    body = response.content.decode()
    assert "王○明" in body and "王大明" not in body
    tampered = reverse("certificates:verify_token", args=[issued.number, "wrong-token"])
    assert _status(client.get(tampered)) == "none"


def test_verification_is_rate_limited(client):
    for _ in range(30):
        assert _ask(client, "SPE-115-L1-000001-0", "王").status_code == 200
    assert _ask(client, "SPE-115-L1-000001-0", "王").status_code == 429
