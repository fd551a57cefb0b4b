"""Doors: the candidate's slip (own only), its PDF, finance's upload and queue, the API."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillcert.api.models import ApiToken
from skillcert.core.pdf import pdf_text, pdf_to_png
from skillcert.payments.models import BankCredit, ImportBatch
from tests.factories import CandidateFactory, StaffRole, UserFactory, staff_user

from .helpers import awaiting_payment, csv_file, fixed_file, pay

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.payments.urls")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def owned(client):
    registration, account = awaiting_payment()
    return registration, account


def test_the_candidate_sees_their_slip_and_prints_it(client, owned):
    registration, account = owned
    client.force_login(registration.candidate.user)
    page = client.get(reverse("payments:slip", args=[registration.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "兆豐國際商業銀行" in text and "017" in text and f"{account.amount:,}" in text
    assert account.number[:5] in text and account.number[-1] in text
    pdf = client.get(reverse("payments:slip_pdf", args=[registration.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = pdf.content
    png = pdf_to_png(body, ARTIFACTS / "payments" / "payment_slip.png")
    from PIL import Image

    image = Image.open(png).convert("L")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 2000  # text was drawn, not a blank page
    words = pdf_text(body).replace(" ", "")
    assert "繳費單" in words and "兆豐國際商業銀行" in words and "虛擬帳號" in words
    assert account.number in words and f"{account.amount:,}" in words


@pytest.mark.parametrize("who", ["other_candidate", "coordinator", "finance"])
def test_nobody_else_sees_the_slip(client, owned, who):
    registration, _account = owned
    visitor = {
        "other_candidate": lambda: CandidateFactory().user,
        "coordinator": lambda: UserFactory(kind="coordinator"),
        "finance": lambda: staff_user(StaffRole.FINANCE),
    }[who]()
    client.force_login(visitor)
    assert client.get(reverse("payments:slip", args=[registration.pk])).status_code == 404
    assert client.get(reverse("payments:slip_pdf", args=[registration.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, owned):
    registration, _account = owned
    response = client.get(reverse("payments:slip_pdf", args=[registration.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def upload(client, content: bytes, name="credits.txt"):
    return client.post(reverse("backoffice_tools:payment_upload"), {"file": SimpleUploadedFile(name, content)})


def test_finance_uploads_a_bank_file_and_sees_the_summary(client, owned):
    registration, account = owned
    client.force_login(staff_user(StaffRole.FINANCE))
    response = upload(client, fixed_file(pay(account), pay(account, amount=account.amount - 11)), "0523.txt")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/bank-files/{batch.pk}/")
    summary = client.get(response["Location"]).content.decode()
    assert 'id="summary-lines">2<' in summary and 'id="summary-matched">1<' in summary
    assert 'id="summary-exceptions">1<' in summary and "重複繳款" in summary
    registration.refresh_from_db()
    assert registration.status == "paid"


def test_a_bad_file_upload_shows_the_line_and_saves_nothing(client, owned):
    _registration, account = owned
    client.force_login(staff_user(StaffRole.FINANCE))
    bad = csv_file(pay(account)).replace(b"\r\n", b",extra\r\n", 2)
    response = upload(client, bad)
    assert response.status_code == 400
    assert "第 1 行" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_finance_settles_from_the_queue(client, owned):
    registration, account = owned
    finance = staff_user(StaffRole.FINANCE)
    client.force_login(finance)
    upload(client, fixed_file(pay(account, amount=account.amount - 11, txn="Q1")))
    queue = client.get(reverse("backoffice_tools:payment_queue")).content.decode()
    assert "Q1" in queue and "繳費金額不足" in queue
    credit = BankCredit.objects.get(bank_txn_id="Q1")
    url = reverse("backoffice_tools:payment_credit", args=[credit.pk])
    refused = client.post(url, {"action": "accept", "note": ""}, follow=True)
    assert "請填寫處理說明" in refused.content.decode()
    client.post(url, {"action": "accept", "note": "已與考生確認手續費"})
    credit.refresh_from_db()
    registration.refresh_from_db()
    assert credit.status == "accepted" and credit.resolved_by == finance and registration.status == "paid"


@pytest.mark.parametrize("role", [StaffRole.ITEM_OFFICER, StaffRole.REVIEWER])
def test_other_staff_cannot_import_or_settle(client, owned, role):
    _registration, account = owned
    client.force_login(staff_user(role))
    assert upload(client, fixed_file(pay(account))).status_code == 403
    assert client.get(reverse("backoffice_tools:payment_queue")).status_code == 403
    assert not ImportBatch.objects.exists()


def test_candidates_and_anonymous_cannot_reach_the_finance_tools(client):
    assert client.get(reverse("backoffice_tools:payment_upload")).status_code == 302
    client.force_login(CandidateFactory().user)
    assert client.get(reverse("backoffice_tools:payment_upload")).status_code == 403


def api_post(client, content: bytes, **headers):
    return client.post(
        reverse("api:payments_bank_file"), {"file": SimpleUploadedFile("credits.csv", content)}, **headers
    )


def test_the_api_imports_with_a_finance_key(client, owned):
    registration, account = owned
    _token, key = ApiToken.issue(user=staff_user(StaffRole.FINANCE), name="bank robot")
    content = csv_file(pay(account))
    response = api_post(client, content, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201
    assert response.json() | {"batch": 0} == {
        "batch": 0, "format": "csv", "lines": 1, "matched": 1, "exceptions": 0, "duplicates_skipped": 0,
    }  # fmt: skip
    again = api_post(client, content, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert (again["matched"], again["exceptions"], again["duplicates_skipped"]) == (0, 0, 1)
    registration.refresh_from_db()
    assert registration.status == "paid"


def test_the_api_refuses_a_bad_file_with_its_lines(client):
    _token, key = ApiToken.issue(user=staff_user(StaffRole.FINANCE), name="bank robot")
    response = api_post(client, b"H017\r\nD???\r\n", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400 and response.json()["lines"][0]["line"] >= 1
    assert not ImportBatch.objects.exists()


def test_the_api_needs_a_finance_identity(client, owned):
    _registration, account = owned
    assert api_post(client, csv_file(pay(account))).status_code == 401
    _token, key = ApiToken.issue(user=staff_user(StaffRole.VENUE), name="wrong role")
    assert api_post(client, csv_file(pay(account)), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_registration_page_links_to_the_slip(client, owned):
    registration, _account = owned
    client.force_login(registration.candidate.user)
    page = client.get(reverse("portal:registration_detail", args=[registration.pk])).content.decode()
    assert reverse("payments:slip", args=[registration.pk]) in page


def test_finance_downloads_the_payouts_due(client, owned):
    _registration, account = owned
    finance = staff_user(StaffRole.FINANCE)
    client.force_login(finance)
    upload(client, fixed_file(pay(account, txn="W1"), pay(account, txn="W2")))
    from skillcert.payments.settle import credit_mark_refund

    credit_mark_refund(credit=BankCredit.objects.get(bank_txn_id="W2"), actor=finance, note="重複繳款退還")
    text = client.get(reverse("backoffice_tools:payment_payouts")).content.decode("utf-8-sig")
    rows = [line.split(",") for line in text.strip().splitlines()]
    assert rows[0][0] == "來源" and len(rows) == 2
    assert rows[1] == [
        "bank_credit",
        "W2",
        "812",
        "0012",
        "00012345678901",
        "",
        str(account.amount),
    ]  # no payer name in fixed-width files
    client.force_login(staff_user(StaffRole.VENUE))
    assert client.get(reverse("backoffice_tools:payment_payouts")).status_code == 403
