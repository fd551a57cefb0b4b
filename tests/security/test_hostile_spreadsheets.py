"""Issue 14 §3 and §5: hostile spreadsheets posted to every upload that reads one — the group
upload, the three scoring imports (back office and API) and the bank file (back office and API).

Each file is built here as the probe built it: a 1.6 KB workbook declaring A1:XFD1048576 (with a
cell in that far corner), a 300 KB workbook whose sheet inflates to 100 MB, 1.5 MB of 700,000
empty cells (compressing too little for any ratio check), a CSV that turns from
UTF-8 to Big5 after 8 KB, a CSV field over csv's 128 KB limit, a workbook zip without
[Content_Types].xml, random bytes named .xlsx and an empty file. Every endpoint answers 400 with
the reason in zh-Hant (English for an English browser), saves nothing, and stays within generous
bounds of time and memory (the real figures: bench/upload_hostile.py)."""

import functools
import time
import tracemalloc
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from skillcert.accounts.models import User
from skillcert.api.models import ApiToken
from skillcert.core.models import AuditEntry
from skillcert.groups.upload import COLUMNS
from skillcert.payments.bankfile import CSV_HEADER
from skillcert.payments.models import BankCredit, ImportBatch
from skillcert.registrations.models import Registration
from skillcert.scoring.models import AnswerKey, Score, ScoreImport
from skillcert.scoring.services import answer_key_set
from tests.factories import StaffRole, staff_user
from tests.groups.factories import make_coordinator, make_sitting
from tests.scoring.factories import make_level, sitting
from tests.security import hostile_files

pytestmark = pytest.mark.django_db

MAX_SECONDS = 10  # upper bounds for safety only; the probe saw 150 s and hundreds of MB
MAX_GROWTH = 50 * 1024 * 1024
GROUP_TITLES = [title for _key, title in COLUMNS]
SCORING_TITLES = {
    "scores": ["身分證字號", "原始分數"],
    "responses": ["身分證字號", "1", "2"],
    "key": ["題號", "正確選項"],
}

# (name, builder, file name, the message a spreadsheet reader gives, the bank file's message)
ATTACKS = [
    ("dimension_bomb", hostile_files.dimension_bomb, "名單.xlsx", "空白列超過", "UTF-8 或 ASCII"),
    ("inflating_sheet", hostile_files.inflating_sheet, "名單.xlsx", "解壓縮後過大", "UTF-8 或 ASCII"),
    ("empty_cells", hostile_files.empty_cells, "名單.xlsx", "內容過多", "UTF-8 或 ASCII"),
    ("utf8_then_big5", hostile_files.utf8_then_big5_csv, "名單.csv", "不是 UTF-8 文字", "UTF-8 或 ASCII"),
    ("long_field", hostile_files.long_field_csv, "名單.csv", "欄位過長", "欄位過長"),
    ("no_content_types", hostile_files.no_content_types, "名單.xlsx", "不是 Excel 活頁簿", "UTF-8 或 ASCII"),
    (
        "random_bytes",
        lambda titles: hostile_files.random_bytes(),
        "名單.xlsx",
        "只接受 .xlsx 或 UTF-8",
        "UTF-8 或 ASCII",
    ),
    ("empty", lambda titles: b"", "名單.xlsx", "空的", "空的"),
]
ATTACK_IDS = [attack[0] for attack in ATTACKS]


@functools.cache
def hostile(name: str, titles: tuple[str, ...]) -> bytes:
    builder = next(attack[1] for attack in ATTACKS if attack[0] == name)
    return builder(list(titles))


def saved_rows() -> dict[str, int]:
    models = (User, Registration, Score, AnswerKey, ScoreImport, ImportBatch, BankCredit, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def post_measured(client, url, data, **extra):
    """POST and return (response, seconds, peak bytes allocated while answering)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = client.post(url, data, **extra)
    finally:
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return response, seconds, peak


def assert_refused(response, seconds, peak, message, before):
    is_json = response["Content-Type"].startswith("application/json")
    body = response.json()["error"] if is_json else response.content.decode()
    assert response.status_code == 400, body[:500]
    assert message in body
    assert saved_rows() == before
    assert seconds < MAX_SECONDS
    assert peak < MAX_GROWTH


@pytest.fixture
def exam():
    """A subject sitting with its answer key, so a responses file is read, not refused for the key."""
    level = make_level()
    session, subject = sitting(level), level.subjects.get(number=1)
    answer_key_set(session=session, subject=subject, key={1: ("A", Decimal(2)), 2: ("B", Decimal(2))}, actor=None)
    return session, subject


@pytest.mark.parametrize(("attack", "builder", "filename", "message", "_bank"), ATTACKS, ids=ATTACK_IDS)
def test_group_upload_refuses_the_hostile_file(client, attack, builder, filename, message, _bank):
    coordinator = make_coordinator()
    group_sitting = make_sitting(coordinator=coordinator)
    client.force_login(coordinator.user)
    upload = SimpleUploadedFile(filename, hostile(attack, tuple(GROUP_TITLES)))
    before = saved_rows()
    response, seconds, peak = post_measured(client, f"/group/sittings/{group_sitting.pk}/upload/", {"file": upload})
    assert_refused(response, seconds, peak, message, before)


@pytest.mark.parametrize("kind", ["scores", "responses", "key"])
@pytest.mark.parametrize(("attack", "builder", "filename", "message", "_bank"), ATTACKS, ids=ATTACK_IDS)
def test_back_office_scoring_import_refuses_the_hostile_file(
    client, exam, kind, attack, builder, filename, message, _bank
):
    session, subject = exam
    client.force_login(staff_user(StaffRole.REVIEWER))
    upload = SimpleUploadedFile(filename, hostile(attack, tuple(SCORING_TITLES[kind])))
    url = reverse("backoffice_tools:scoring_session", args=[session.pk])
    before = saved_rows()
    response, seconds, peak = post_measured(client, url, {"kind": kind, "subject": subject.pk, "file": upload})
    assert_refused(response, seconds, peak, message, before)


@pytest.mark.parametrize("kind", ["scores", "responses", "key"])
@pytest.mark.parametrize(("attack", "builder", "filename", "message", "_bank"), ATTACKS, ids=ATTACK_IDS)
def test_api_scoring_import_refuses_the_hostile_file(client, exam, kind, attack, builder, filename, message, _bank):
    session, subject = exam
    _token, key = ApiToken.issue(user=staff_user(StaffRole.REVIEWER), name="scanner")
    upload = SimpleUploadedFile(filename, hostile(attack, tuple(SCORING_TITLES[kind])))
    url = reverse("api:scoring_upload", args=[session.pk, subject.pk, kind])
    before = saved_rows()
    response, seconds, peak = post_measured(client, url, {"file": upload}, headers={"Authorization": f"Bearer {key}"})
    assert_refused(response, seconds, peak, message, before)


@pytest.mark.parametrize(("attack", "builder", "filename", "_message", "message"), ATTACKS, ids=ATTACK_IDS)
def test_back_office_bank_file_upload_refuses_the_hostile_file(client, attack, builder, filename, _message, message):
    client.force_login(staff_user(StaffRole.FINANCE))
    upload = SimpleUploadedFile(filename, hostile(attack, tuple(CSV_HEADER)))
    before = saved_rows()
    response, seconds, peak = post_measured(client, reverse("backoffice_tools:payment_upload"), {"file": upload})
    assert_refused(response, seconds, peak, message, before)


@pytest.mark.parametrize(("attack", "builder", "filename", "_message", "message"), ATTACKS, ids=ATTACK_IDS)
def test_api_bank_file_upload_refuses_the_hostile_file(client, attack, builder, filename, _message, message):
    _token, key = ApiToken.issue(user=staff_user(StaffRole.FINANCE), name="bank")
    upload = SimpleUploadedFile(filename, hostile(attack, tuple(CSV_HEADER)))
    before = saved_rows()
    response, seconds, peak = post_measured(
        client, reverse("api:payments_bank_file"), {"file": upload}, headers={"Authorization": f"Bearer {key}"}
    )
    assert_refused(response, seconds, peak, message, before)


def test_the_refusal_is_in_english_for_an_english_browser(client, exam):
    session, subject = exam
    _token, key = ApiToken.issue(user=staff_user(StaffRole.REVIEWER), name="scanner")
    upload = SimpleUploadedFile("名單.xlsx", hostile("inflating_sheet", tuple(SCORING_TITLES["scores"])))
    url = reverse("api:scoring_upload", args=[session.pk, subject.pk, "scores"])
    with translation.override(settings.LANGUAGE_CODE):  # the middleware would leave English active
        response = client.post(
            url, {"file": upload}, headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"}
        )
    assert response.status_code == 400
    assert "too large once uncompressed" in response.json()["error"]
