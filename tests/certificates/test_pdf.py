"""The certificate PDF and the temporary proof: Chinese from the embedded font, the QR's
verification link in the page, rendered to PNG for a person to look at."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from skillcert.catalog.models import Level
from skillcert.certificates.pdf import certificate_pdf, temporary_proof_pdf
from skillcert.certificates.services import verify_url
from skillcert.core import clock
from skillcert.core.pdf import pdf_text, pdf_to_png
from tests.certificates.factories import certificate, person

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _july_2026(frozen_now):
    frozen_now(clock.at(dt.date(2026, 7, 1), 9))


def _dark_pixels(png: Path) -> int:
    image = Image.open(png).convert("L")
    return sum(1 for value in image.getdata() if value < 128)


@pytest.mark.parametrize(
    ("render", "title"), [(certificate_pdf, "能力鑑定證書"), (temporary_proof_pdf, "授證資格臨時證明")]
)
def test_pdf_shows_name_number_and_verification_link(render, title):
    issued = certificate(rank=Level.Rank.INTERMEDIATE, candidate=person(name_zh="陳怡君"))
    pdf = render(issued)
    text = pdf_text(pdf)
    assert b"/FontFile2" in pdf  # the font is embedded, so the Chinese renders anywhere
    assert title in text and "陳怡君" in text and issued.number in text
    assert "120/06/30" in text  # 中級: 115/07/01 + 5 years − 1 day
    url = verify_url(issued)
    assert url in text and f"/URI ({url})".encode() in pdf  # printed under the QR and clickable
    png = pdf_to_png(pdf, ARTIFACTS / f"{render.__name__}.png")
    assert _dark_pixels(png) > 5000  # border, text and the QR code were drawn


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools not installed (make setup installs it)")
@pytest.mark.parametrize("render", [certificate_pdf, temporary_proof_pdf])
def test_the_printed_qr_code_scans_to_the_verification_page_of_that_certificate(render, client, settings):
    issued = certificate(candidate=person(name_zh="陳怡君"))
    png = pdf_to_png(render(issued), ARTIFACTS / f"{render.__name__}-qr.png", scale=3)
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sqrcode.enable", str(png)], capture_output=True, text=True
    )
    assert scanned.returncode == 0, scanned.stderr
    assert scanned.stdout.strip() == verify_url(issued)  # what a phone camera reads
    page = client.get(scanned.stdout.strip().removeprefix(settings.SITE_URL.rstrip("/")))
    assert page.status_code == 200 and issued.number in page.content.decode() and "陳○君" in page.content.decode()


def test_permanent_certificate_says_so():
    assert "永久有效" in pdf_text(certificate_pdf(certificate(rank=Level.Rank.BEGINNER)))
