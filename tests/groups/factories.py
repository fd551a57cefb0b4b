"""Group factories: organisations, coordinators and group sittings; spreadsheets for uploads."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from skillcert.accounts.models import User
from skillcert.catalog.models import ExamSession
from skillcert.core import clock
from skillcert.core.identifiers import LETTER_CODES
from skillcert.groups.models import Coordinator, GroupSitting, Organisation
from skillcert.groups.upload import COLUMNS
from tests.factories import UserFactory, han_number, make_session

_counter = {"n": 0}


def make_organisation(**fields) -> Organisation:
    _counter["n"] += 1
    n = _counter["n"]
    values = {
        "group_code": f"ORG{n:04d}", "name": f"示範大學{n}", "business_number": "04595257",
        "invoice_title": f"示範大學{n}", "address": "臺北市", "recognition_signed_on": dt.date(2025, 1, 1),
        "refund_bank_code": "005", "refund_branch_code": "0012", "refund_account_number": "001234567890",
    }  # fmt: skip
    values.update(fields)
    return Organisation.objects.create(**values)


def make_coordinator(*, verified=True, organisation=None, **user_fields) -> Coordinator:
    user = UserFactory(kind=User.Kind.COORDINATOR, **user_fields)
    return Coordinator.objects.create(
        user=user,
        organisation=organisation or make_organisation(),
        name="周窗口",
        phone="02-27712171",
        verified_at=clock.now() if verified else None,
    )


def group_session():
    """The test SPE 初級 sitting, shared by every group of a test (make_session once)."""
    session = ExamSession.objects.filter(level__brochure__item__code="SPE", nth=1).first()
    return session or make_session()


def make_sitting(*, coordinator=None, session=None, code=None) -> GroupSitting:
    coordinator = coordinator or make_coordinator()
    session = session or group_session()
    _counter["n"] += 1
    return GroupSitting.objects.create(
        organisation=coordinator.organisation, session=session, discount_code=code or f"CODE{_counter['n']:06d}"
    )


def valid_national_id(n: int, letter: str = "F", sex: int = 2) -> str:
    """A checksum-valid national ID (tests.factories.national_id_for weighs the body 8..2,
    one place off, so its IDs fail the checksum; reported to the lead)."""
    body = f"{n:07d}"
    area = LETTER_CODES[letter]
    total = area // 10 + (area % 10) * 9 + sex * 8 + sum(int(d) * w for d, w in zip(body, range(7, 0, -1), strict=True))
    return f"{letter}{sex}{body}{(10 - total % 10) % 10}"


def candidate_row(n: int, **overrides) -> dict:
    row = {
        "national_id": valid_national_id(n), "name_zh": f"陳同學{han_number(n)}", "name_en": f"chen student {chr(65 + n % 26)}",
        "birthday": "2004-05-06", "mobile": f"09{n:08d}", "email": f"student{n}@school.example",
        "postal_address": "臺北市大安區", "subjects": "1,2", "region": "台北", "venue": "",
    }  # fmt: skip
    row.update(overrides)
    return row


def rows_for(count: int, *, bad: dict[int, dict] | None = None) -> list[dict]:
    """`count` good rows; `bad` maps 1-based positions to overrides that make a row bad."""
    rows = [candidate_row(i) for i in range(1, count + 1)]
    for position, overrides in (bad or {}).items():
        rows[position - 1].update(overrides)
    return rows


def xlsx_file(rows: list[dict], name="students.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title for _key, title in COLUMNS])
    for row in rows:
        sheet.append([row.get(key, "") for key, _title in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows: list[dict], name="students.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _key, title in COLUMNS])
    for row in rows:
        writer.writerow([row.get(key, "") for key, _title in COLUMNS])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))
