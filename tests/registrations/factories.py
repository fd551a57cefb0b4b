"""Helpers for registration tests (tests/portal uses them too)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.catalog.models import Region
from skillcert.registrations.services import registration_create
from tests.factories import CandidateFactory, make_session

# The smallest whole PNG (1×1 grey): validate_document parses images, a bare signature is refused.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU"
    b"\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_upload(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def text_upload(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"just text pretending to be a PDF", "application/pdf")


def subjects_of(session, *numbers):
    return list(session.level.subjects.filter(number__in=numbers).order_by("number"))


def register(candidate=None, session=None, numbers=(1, 2), **kwargs):
    candidate = candidate or CandidateFactory()
    session = session or make_session()
    return registration_create(
        candidate=candidate,
        session=session,
        subjects=subjects_of(session, *numbers),
        region=kwargs.pop("region", None) or Region.objects.get(name="台北"),
        **kwargs,
    )
