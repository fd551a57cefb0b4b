"""Special needs asked in the upload template's optional columns: recorded awaiting the
candidate's document, then decided by staff in the one queue; a bad value refuses the row."""

import pytest

from skillcert.groups.upload import ACCEPTED, REFUSED, upload_apply
from skillcert.registrations.models import Registration, SpecialNeeds
from skillcert.registrations.special_needs import special_needs_request
from tests.groups.factories import candidate_row, make_sitting, xlsx_file
from tests.registrations.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_columns_record_needs_and_the_candidate_completes_them_with_the_document(client):
    sitting = make_sitting()
    rows = [candidate_row(1, needs_minutes="20", needs_enlarged="是"), candidate_row(2)]
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows), actor=None)
    assert [row.outcome for row in report.rows] == [ACCEPTED, ACCEPTED]
    needs = SpecialNeeds.objects.get()
    assert (needs.extra_minutes, needs.enlarged_paper, needs.ground_floor, bool(needs.document)) == (
        20,
        True,
        False,
        False,
    )
    registration = Registration.objects.get(pk=needs.registration_id)
    assert registration.candidate.national_id == rows[0]["national_id"]
    special_needs_request(
        registration=registration,
        actor=None,
        needs={"extra_minutes": 20, "enlarged_paper": True, "document": pdf_upload()},
    )
    needs.refresh_from_db()
    assert needs.document and SpecialNeeds.objects.count() == 1


@pytest.mark.parametrize("minutes", ["30", "十", "-5"])
def test_a_bad_minute_value_refuses_the_row(minutes):
    sitting = make_sitting()
    report = upload_apply(
        sitting=sitting, uploaded_file=xlsx_file([candidate_row(1, needs_minutes=minutes)]), actor=None
    )
    assert report.rows[0].outcome == REFUSED and "延長時間" in report.rows[0].message
    assert not Registration.objects.exists() and not SpecialNeeds.objects.exists()
