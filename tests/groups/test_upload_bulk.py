"""The fast path of the bulk upload: a few statements per chunk, same report and same rows
as the per-row services, and the per-row fallback when a chunk does not fit."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.accounts.bulk import GroupCandidate, candidates_create_from_group_bulk
from skillcert.accounts.models import CandidateProfile
from skillcert.catalog.models import SeatPool
from skillcert.core.models import AuditEntry
from skillcert.groups import upload
from skillcert.groups.upload import ACCEPTED, REFUSED, upload_apply
from skillcert.registrations.models import Registration
from skillcert.registrations.services import RegistrationError, registration_create
from tests.factories import CandidateFactory
from tests.groups.factories import candidate_row, make_sitting, rows_for, valid_national_id, xlsx_file

pytestmark = pytest.mark.django_db


def statements(count: int, first: int) -> int:
    sitting = make_sitting()
    upload_file = xlsx_file([candidate_row(n) for n in range(first, first + count)])
    with CaptureQueriesContext(connection) as queries:
        report = upload_apply(sitting=sitting, uploaded_file=upload_file, actor=None)
    assert report.accepted == count
    return len(queries)


def test_statements_do_not_grow_with_the_number_of_rows():
    few, many = statements(10, first=1), statements(200, first=1001)
    # Only batching grows (SQLite caps the parameters of one INSERT): under 1 statement per 10 rows.
    assert many - few < (200 - 10) / 10, (few, many)


def test_each_accepted_row_gets_its_account_registration_audit_and_e_mail(
    django_capture_on_commit_callbacks, mailoutbox
):
    sitting = make_sitting()
    with django_capture_on_commit_callbacks(execute=True):
        report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(30)), actor=None)
    assert report.accepted == 30
    registrations = Registration.objects.filter(group_sitting=sitting)
    profiles = CandidateProfile.objects.filter(registrations__in=registrations)
    assert sorted(r.message for r in report.rows) == sorted(f"已受理，報名編號 {r.pk}。" for r in registrations)
    assert all(p.created_by_group and not p.user.has_usable_password() for p in profiles)
    assert all(p.user.must_choose_username for p in profiles)
    for action, objects in (("accounts.created_by_group", profiles), ("registration.created", registrations)):
        logged = AuditEntry.objects.filter(action=action).values_list("target_id", flat=True)
        assert sorted(logged) == sorted(str(o.pk) for o in objects)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.user.email for p in profiles)


def test_seats_running_out_in_the_middle_of_a_chunk(monkeypatch):
    monkeypatch.setattr(upload, "ROWS_PER_COMMIT", 4)
    sitting = make_sitting()
    SeatPool.objects.filter(session=sitting.session, kind="written").update(capacity=6)
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(10)), actor=None)
    assert [row.outcome for row in report.rows] == [ACCEPTED] * 6 + [REFUSED] * 4
    assert all("名額已滿" in row.message for row in report.rows[6:])
    assert SeatPool.objects.get(session=sitting.session, kind="written").held == 6
    refused_ids = [row.national_id for row in report.rows[6:]]
    assert not CandidateProfile.objects.filter(national_id__in=refused_ids).exists()
    assert AuditEntry.objects.filter(action="accounts.created_by_group").count() == 6


def test_more_rows_than_seats_are_answered_like_the_per_row_path_in_few_statements():
    sitting = make_sitting()
    SeatPool.objects.filter(session=sitting.session, kind="written").update(capacity=150)
    upload_file = xlsx_file([candidate_row(n) for n in range(2001, 2201)])
    with CaptureQueriesContext(connection) as queries:
        report = upload_apply(sitting=sitting, uploaded_file=upload_file, actor=None)
    assert [row.outcome for row in report.rows] == [ACCEPTED] * 150 + [REFUSED] * 50
    session = sitting.session
    with pytest.raises(RegistrationError) as single:
        registration_create(candidate=CandidateFactory(), session=session, region=session.regions.first(),
                            subjects=list(session.level.subjects.filter(number__in=[1, 2])), group_sitting=sitting)  # fmt: skip
    assert {row.message for row in report.rows[150:]} == {single.value.messages[0]}
    assert not CandidateProfile.objects.filter(national_id__in=[row.national_id for row in report.rows[150:]]).exists()
    assert len(queries) < 100  # the per-row services take over 20 statements a row


def test_after_the_group_window_every_row_says_so_and_nothing_is_saved(frozen_now):
    sitting = make_sitting()
    frozen_now(sitting.session.group_registration_closes.replace(microsecond=1))
    report = upload_apply(sitting=sitting, uploaded_file=xlsx_file(rows_for(5)), actor=None)
    assert report.refused == 5
    assert all("團體報名已於" in row.message and "截止" in row.message for row in report.rows)
    assert CandidateProfile.objects.count() == 0 and Registration.objects.count() == 0


def test_bulk_accounts_link_known_ids_and_refuse_a_bad_checksum():
    known = CandidateFactory(national_id=valid_national_id(700001), name_zh="林美玲")
    rows = [
        GroupCandidate(national_id=valid_national_id(700001), name_zh="林美玲", email="new@example.org"),
        GroupCandidate(national_id=valid_national_id(700002).lower(), name_zh=" 王小明 ", name_en="wang"),
    ]
    (first, first_created), (second, second_created) = candidates_create_from_group_bulk(rows)
    assert (first.pk, first_created) == (known.pk, False)
    known.user.refresh_from_db()
    assert known.user.email != "new@example.org"  # an existing account is left unchanged
    assert second_created and second.national_id == valid_national_id(700002)
    second.refresh_from_db()
    assert (second.name_zh, second.name_en, second.created_by_group) == ("王小明", "WANG", True)
    assert not second.user.has_usable_password()
    with pytest.raises(ValidationError, match="檢查碼"):
        candidates_create_from_group_bulk(
            [GroupCandidate(national_id=valid_national_id(700003), name_zh="甲"), GroupCandidate("A123456788", "乙")]
        )
    assert not CandidateProfile.objects.filter(national_id=valid_national_id(700003)).exists()
