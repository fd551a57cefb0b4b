"""補發: only inside the year's windows; the 600 fee through a virtual account; payment
confirmed (payments' signal) → review; approval → new certificate, old one replaced."""

import datetime as dt

import pytest
from django.db import transaction

from skillcert.catalog.models import Level
from skillcert.certificates import reissues
from skillcert.certificates.errors import CertificateError
from skillcert.certificates.models import CertificateKind, CertificateStatus, ReissueRequest, RequestStatus
from skillcert.core import clock
from skillcert.payments.models import AccountStatus, VirtualAccount
from skillcert.payments.services import virtual_account_confirm
from tests.certificates.factories import certificate, level_of, windows

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(frozen_now):
    """A 中級 certificate issued 115/03/02 on an item whose 115 brochure has the four windows."""
    frozen_now(clock.at(dt.date(2026, 3, 2), 9))
    level = level_of(Level.Rank.INTERMEDIATE)
    windows(level)
    return certificate(level=level)


def _pay(request: ReissueRequest, capture) -> None:
    account = VirtualAccount.objects.get(purpose="certificate_reissue", reference=request.payment_reference)
    with capture(execute=True), transaction.atomic():
        virtual_account_confirm(account=VirtualAccount.objects.select_for_update().get(pk=account.pk), actor=None,
                                reason="bank file")  # fmt: skip


@pytest.mark.parametrize(
    ("day", "open_"),
    [((4, 30), False), ((5, 1), True), ((5, 5), True), ((5, 6), False), ((6, 10), True), ((9, 1), True),
     ((11, 10), True), ((11, 11), False)],
)  # fmt: skip
def test_accepted_only_inside_the_windows(held, frozen_now, day, open_):
    frozen_now(clock.at(dt.date(2026, *day), 10))
    if open_:
        assert reissues.reissue_request(certificate=held, reason="lost").status == RequestStatus.AWAITING_PAYMENT
    else:
        with pytest.raises(CertificateError, match="受理期間"):
            reissues.reissue_request(certificate=held, reason="lost")
        assert not ReissueRequest.objects.exists()


def test_the_refusal_names_the_next_window(held, frozen_now):
    frozen_now(clock.at(dt.date(2026, 5, 20), 10))
    assert "115/06/01～115/06/10" in reissues.reissue_refusal(certificate=held)


def test_fee_paid_then_approved_issues_a_new_certificate(held, frozen_now, django_capture_on_commit_callbacks):
    frozen_now(clock.at(dt.date(2026, 6, 3), 10))
    request = reissues.reissue_request(certificate=held, reason="correction", correction="姓名改為 王曉明")
    account = VirtualAccount.objects.get(reference=request.payment_reference)
    assert (account.amount, account.purpose, account.payer) == (600, "certificate_reissue", held.candidate.user)
    assert request.fee == 600 and request.virtual_account_number == account.number
    with pytest.raises(CertificateError, match="已有處理中"):
        reissues.reissue_request(certificate=held, reason="lost")
    with pytest.raises(CertificateError, match="尚未繳費"):
        reissues.reissue_decide(request=request, approved=True)

    _pay(request, django_capture_on_commit_callbacks)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.paid_at is not None
    assert VirtualAccount.objects.get(pk=account.pk).status == AccountStatus.PAID

    request = reissues.reissue_decide(request=request, approved=True, note="已核對")
    held.refresh_from_db()
    new = request.new_certificate
    assert held.status == CertificateStatus.REPLACED and new.status == CertificateStatus.VALID
    assert new.kind == CertificateKind.REISSUE and new.replaces == held
    assert (new.valid_from, new.valid_until) == (held.valid_from, held.valid_until)


def test_a_second_confirmation_changes_nothing(held, frozen_now, django_capture_on_commit_callbacks):
    frozen_now(clock.at(dt.date(2026, 9, 2), 10))
    request = reissues.reissue_request(certificate=held, reason="damaged")
    _pay(request, django_capture_on_commit_callbacks)
    first = ReissueRequest.objects.get(pk=request.pk).paid_at
    reissues.reissue_payment_confirmed(reference=request.payment_reference)
    assert ReissueRequest.objects.get(pk=request.pk).paid_at == first


def test_rejection_needs_a_reason_and_keeps_the_certificate(held, frozen_now, django_capture_on_commit_callbacks):
    frozen_now(clock.at(dt.date(2026, 9, 2), 10))
    request = reissues.reissue_request(certificate=held, reason="lost")
    _pay(request, django_capture_on_commit_callbacks)
    with pytest.raises(CertificateError):
        reissues.reissue_decide(request=request, approved=False)
    reissues.reissue_decide(request=request, approved=False, note="證書並未遺失")
    held.refresh_from_db()
    assert held.status == CertificateStatus.VALID


def test_a_correction_needs_the_corrected_text(held, frozen_now):
    frozen_now(clock.at(dt.date(2026, 9, 2), 10))
    with pytest.raises(CertificateError, match="改註"):
        reissues.reissue_request(certificate=held, reason="correction", correction=" ")
