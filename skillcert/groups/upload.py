"""Bulk upload 考生資料上傳 (brochure 115 §3.2-2 (2) C–D): the template, parsing, row checks
and applying the accepted rows. The same `upload_apply` serves the page and the benchmark.

Every row is answered: accepted (account created or linked, registration holding seats),
already registered for this group sitting (nothing changed, so re-uploading a file is safe),
or refused with the reason in zh-Hant. Nothing of a refused row is saved. An already registered
row whose data differs from what is stored is reported as different (groups.reupload), with
the way to change it; it changes nothing either."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.accounts.models import CandidateProfile
from skillcert.accounts.validators import clean_name_en, clean_name_zh
from skillcert.catalog.models import SeatPool, Subject, SubjectKind
from skillcert.core.identifiers import is_personal_id, is_resident_certificate, normalise
from skillcert.core.spreadsheets import read_spreadsheet
from skillcert.registrations import rules as registration_rules
from skillcert.registrations.models import CLOSED_STATES, Registration, SpecialNeeds
from skillcert.registrations.special_needs import special_needs_request_from_group

from . import rules
from .errors import GroupError
from .models import GroupSitting
from .reupload import differences_message, row_differences

# (key, header in the template): the header row is matched by these words, in any order.
COLUMNS = (
    ("national_id", "身分證字號"),
    ("name_zh", "中文姓名"),
    ("name_en", "英文姓名"),
    ("birthday", "出生日期"),
    ("mobile", "手機"),
    ("email", "E-mail"),
    ("postal_address", "通訊地址"),
    ("subjects", "報考考科"),
    ("region", "考區"),
    ("venue", "術科考場"),
    # Optional: 身心障礙應考服務 (brochure 115 §3.4); the candidate adds the document in the portal.
    ("needs_minutes", "應考服務：延長時間（分鐘）"),
    ("needs_enlarged", "應考服務：放大試題"),
    ("needs_ground_floor", "應考服務：一樓或電梯"),
    ("needs_other", "應考服務：其他需求"),
)
REQUIRED = ("national_id", "name_zh", "email", "subjects", "region")
MAX_ROWS = 5000
MOBILE_RE = re.compile(r"^09\d{8}$")
SPLIT_RE = re.compile(r"[\s,，、+＋/;；]+")

ACCEPTED, ALREADY, DIFFERS, REFUSED = "accepted", "already", "differs", "refused"


@dataclass
class RowResult:
    number: int
    national_id: str
    name_zh: str
    outcome: str = ACCEPTED
    reasons: list[str] = field(default_factory=list)
    registration_id: int | None = None
    data: dict = field(default_factory=dict, repr=False)
    differences: list = field(default_factory=list)  # groups.reupload.Difference, for DIFFERS

    def refuse(self, reason: str) -> None:
        self.outcome = REFUSED
        self.reasons.append(reason)

    @property
    def message(self) -> str:
        if self.outcome == ALREADY:
            return _("已報名本團本梯次，未變更。")
        if self.outcome == DIFFERS:
            return differences_message(self.differences)
        if self.outcome == ACCEPTED:
            return _("已受理，報名編號 %(id)s。") % {"id": self.registration_id} if self.registration_id else ""
        return "；".join(self.reasons)


@dataclass
class UploadReport:
    rows: list[RowResult]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def accepted(self) -> int:
        return self.count(ACCEPTED)

    @property
    def already(self) -> int:
        return self.count(ALREADY)

    @property
    def differs(self) -> int:
        return self.count(DIFFERS)

    @property
    def refused(self) -> int:
        return self.count(REFUSED)


# ---------------------------------------------------------------- reading the file


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _header_map(header: list[str]) -> dict[str, int]:
    labels = [h.replace(" ", "").lower() for h in header]
    found = {}
    for key, title in COLUMNS:
        wanted = title.replace(" ", "").lower()
        for index, label in enumerate(labels):
            if label.startswith(wanted):
                found[key] = index
                break
    missing = [title for key, title in COLUMNS if key in REQUIRED and key not in found]
    if missing:
        raise ValidationError(
            _("找不到欄位：%(columns)s。請使用下載的範本，第一列為欄位名稱。") % {"columns": "、".join(missing)},
            code="header",
        )
    return found


def parse_rows(uploaded_file) -> list[RowResult]:
    """RowResults with their raw values, one per non-blank row after the header (the first row).
    The file is read through core.spreadsheets (at most MAX_ROWS rows); ValidationError if bad."""
    rows = read_spreadsheet(uploaded_file, max_rows=MAX_ROWS)
    first = next(rows, None)
    if first is None:
        raise ValidationError(_("檔案中沒有資料。"), code="empty")
    columns = _header_map(first[1])
    results = []
    for number, raw in rows:
        values = {key: (raw[index] if index < len(raw) else "") for key, index in columns.items()}
        if not any(values.values()):
            continue  # data only outside the template's columns
        data = {key: values.get(key) for key, _title in COLUMNS}
        results.append(
            RowResult(number=number, national_id=normalise(data["national_id"]), name_zh=data["name_zh"], data=data)
        )
    if not results:
        raise ValidationError(_("檔案中沒有考生資料。"), code="empty")
    return results


# ---------------------------------------------------------------- checking rows


def _birthday(value) -> dt.date | None:
    """A date cell arrives as YYYY-MM-DD (core.spreadsheets); typed text may use / or . and 民國 years."""
    if not value:
        return None
    text = _text(value).replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{2,4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise ValueError
    year, month, day = (int(part) for part in match.groups())
    if year < 1000:  # 民國 year, as the brochures write dates
        year += 1911
    return dt.date(year, month, day)


def _mobile(value) -> str:
    text = re.sub(r"[\s\-]", "", _text(value))
    if re.fullmatch(r"9\d{8}", text):  # Excel dropped the leading zero of a number cell
        text = "0" + text
    return text


@dataclass
class SittingContext:
    """What every row is checked against, loaded once per upload."""

    sitting: GroupSitting
    subjects: dict[str, Subject]
    paths: list[set[int]]
    regions: dict[str, object]
    practical_venues: dict[int, dict[str, object]]

    @classmethod
    def load(cls, sitting: GroupSitting) -> "SittingContext":
        session = sitting.session
        level_subjects = list(Subject.objects.filter(level_id=session.level_id))
        subjects = {}
        for subject in level_subjects:
            subjects[str(subject.number)] = subject
            subjects[subject.code.upper()] = subject
        paths = [{s.number for s in p.subjects.all()} for p in session.level.paths.prefetch_related("subjects")]
        regions = {r.name: r for r in session.regions.all()}
        venues: dict[int, dict[str, object]] = {}
        pools = SeatPool.objects.filter(session=session, kind=SubjectKind.PRACTICAL, venue__isnull=False)
        for pool in pools.select_related("venue"):
            venues.setdefault(pool.venue.region_id, {})[pool.venue.name] = pool.venue
        return cls(sitting=sitting, subjects=subjects, paths=paths, regions=regions, practical_venues=venues)


YES = {"是", "Y", "YES", "V", "1", "TRUE", "✓", "○"}


def special_needs_from_row(row: RowResult, data: dict) -> dict | None:
    """The optional special-needs columns as SpecialNeeds fields (None when none is asked);
    a bad minute value refuses the row."""
    minutes = _text(data.get("needs_minutes")) or "0"
    if not minutes.isdigit() or not 0 <= int(minutes) <= SpecialNeeds.MAX_EXTRA_MINUTES:
        row.refuse(_("應考服務延長時間須為 0 到 20 的分鐘數"))
        minutes = "0"
    needs = {
        "extra_minutes": int(minutes),
        "enlarged_paper": _text(data.get("needs_enlarged")).upper() in YES,
        "ground_floor": _text(data.get("needs_ground_floor")).upper() in YES,
        "other": _text(data.get("needs_other"))[:500],
    }
    return needs if any(needs.values()) else None


def special_needs_record(rows: list[RowResult], actor) -> None:
    """Needs asked in the file, for the rows saved: recorded awaiting the candidate's document."""
    asked = [(row.registration_id, row.data["needs"]) for row in rows if row.registration_id and row.data["needs"]]
    if asked:
        special_needs_request_from_group(asked=asked, actor=actor)


def _check_row(row: RowResult, ctx: SittingContext) -> None:
    data = row.data
    if not is_personal_id(row.national_id):
        row.refuse(_("身分證字號或居留證號格式或檢查碼錯誤"))
    try:
        row.name_zh = clean_name_zh(row.name_zh, resident=is_resident_certificate(row.national_id))
    except ValidationError as error:
        row.refuse(error.messages[0])
    try:
        name_en = clean_name_en(_text(data["name_en"]))
    except ValidationError as error:
        name_en = ""
        row.refuse(error.messages[0])
    try:
        birthday = _birthday(data["birthday"])
    except ValueError:
        birthday = None
        row.refuse(_("出生日期格式錯誤（例：2003-04-05 或 092/04/05）"))
    mobile = _mobile(data["mobile"])
    if mobile and not MOBILE_RE.match(mobile):
        row.refuse(_("手機號碼須為 09 開頭的 10 位數字"))
    email = _text(data["email"])
    try:
        validate_email(email)
    except ValidationError:
        row.refuse(_("E-mail 格式錯誤或未填（考生首次登入需以 E-mail 取得密碼）"))
    chosen = [part.upper() for part in SPLIT_RE.split(_text(data["subjects"])) if part]
    subjects = [ctx.subjects.get(part) for part in chosen]
    if not chosen or None in subjects:
        row.refuse(_("報考考科不屬於本級等（請填考科序號或代碼，如 1,2 或 L11,L12）"))
        subjects = []
    elif ctx.paths and not registration_rules.subjects_fit_paths(
        paths=ctx.paths, chosen={s.number for s in subjects}, kept=set()
    ):
        combos = " 或 ".join("+".join(str(n) for n in sorted(p)) for p in ctx.paths)
        row.refuse(_("報考考科不符合授證組合（可報考：考科 %(paths)s）") % {"paths": combos})
    if ctx.sitting.organisation.is_recharge_organiser:
        refusal = rules.recharge_subjects_refusal([s.kind for s in subjects])
        if refusal:
            row.refuse(refusal)
    region = ctx.regions.get(_text(data["region"]))
    venue = None
    if region is None:
        row.refuse(_("本梯次未開設「%(region)s」考區") % {"region": _text(data["region"]) or "—"})
    elif any(s.kind == SubjectKind.PRACTICAL for s in subjects):
        offered = ctx.practical_venues.get(region.pk, {})
        venue = offered.get(_text(data["venue"]))
        if offered and venue is None:
            row.refuse(_("請填本考區的術科考場：%(venues)s") % {"venues": "、".join(offered)})
    needs = special_needs_from_row(row, data)
    row.data = {
        "needs": needs, "name_en": name_en, "birthday": birthday, "mobile": mobile, "email": email,
        "postal_address": _text(data["postal_address"])[:200], "subjects": subjects, "region": region, "venue": venue,
    }  # fmt: skip


def upload_check(*, sitting: GroupSitting, rows: list[RowResult]) -> list[RowResult]:
    """Check every row: content, duplicates inside the file, and what already exists."""
    ctx = SittingContext.load(sitting)
    first_seen: dict[str, int] = {}
    for row in rows:
        _check_row(row, ctx)
        if row.national_id in first_seen:
            row.refuse(_("身分證字號與第 %(row)s 列重複") % {"row": first_seen[row.national_id]})
        elif row.national_id:
            first_seen[row.national_id] = row.number
    ids = [row.national_id for row in rows if row.outcome != REFUSED]
    profiles = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        profiles.update({p.national_id: p for p in CandidateProfile.objects.filter(national_id__in=chunk)})
    found = Registration.objects.filter(session=sitting.session, candidate__in=list(profiles.values()))
    found = found.exclude(status__in=CLOSED_STATES).select_related("region", "practical_venue", "candidate__user")
    open_registrations = {r.candidate_id: r for r in found.prefetch_related("subjects__subject")}
    for row in rows:
        if row.outcome == REFUSED:
            continue
        profile = profiles.get(row.national_id)
        row.data["profile"] = profile
        if profile is None:
            continue
        if profile.name_zh != row.name_zh:
            row.refuse(_("此身分證字號已有考生帳號，但中文姓名不符"))
            continue
        existing = open_registrations.get(profile.pk)
        if existing is not None and existing.group_sitting_id == sitting.pk:
            row.outcome, row.registration_id = ALREADY, existing.pk
            row.differences = row_differences(data=row.data, registration=existing, profile=existing.candidate)
            if row.differences:
                row.outcome = DIFFERS
        elif existing is not None:
            row.refuse(_("此考生已報名本梯次（非本團報名）"))
    return rows


# ---------------------------------------------------------------- applying rows


def _apply_row(row: RowResult, sitting: GroupSitting, actor) -> None:
    from skillcert.accounts.services import candidate_create_from_group
    from skillcert.registrations.services import RegistrationError, registration_create

    data = row.data
    try:
        with transaction.atomic():
            profile = data.get("profile") or candidate_create_from_group(
                national_id=row.national_id, name_zh=row.name_zh, name_en=data["name_en"], email=data["email"],
                mobile=data["mobile"], birthday=data["birthday"], postal_address=data["postal_address"],
                school_or_employer=sitting.organisation.name[:100], actor=actor,
            )  # fmt: skip
            registration = registration_create(
                candidate=profile, session=sitting.session, subjects=data["subjects"], region=data["region"],
                practical_venue=data["venue"], group_sitting=sitting, actor=actor,
            )  # fmt: skip
    except RegistrationError as error:
        row.refuse("；".join(error.messages))
        return
    except ValidationError as error:
        row.refuse("；".join(error.messages))
        return
    row.registration_id = registration.pk


def _bulk_items(rows: list[RowResult], sitting: GroupSitting, actor) -> list:
    """Create the chunk's new accounts in bulk; one RegistrationItem per row, in order."""
    from skillcert.accounts.bulk import GroupCandidate, candidates_create_from_group_bulk
    from skillcert.registrations.bulk import RegistrationItem

    school = sitting.organisation.name[:100]
    fresh = [row for row in rows if row.data.get("profile") is None]
    people = [
        GroupCandidate(
            national_id=row.national_id,
            name_zh=row.name_zh,
            name_en=row.data["name_en"],
            email=row.data["email"],
            mobile=row.data["mobile"],
            birthday=row.data["birthday"],
            postal_address=row.data["postal_address"],
            school_or_employer=school,
        )
        for row in fresh
    ]
    made = candidates_create_from_group_bulk(people, actor=actor)
    accounts = dict(zip([row.number for row in fresh], made, strict=True))
    items = []
    for row in rows:
        profile, new_account = accounts.get(row.number) or (row.data["profile"], False)
        items.append(
            RegistrationItem(candidate=profile, subjects=tuple(row.data["subjects"]), region=row.data["region"],
                             practical_venue=row.data["venue"], new_account=new_account)
        )  # fmt: skip
    return items


def _apply_chunk(rows: list[RowResult], sitting: GroupSitting, actor, *, retry: bool = True) -> None:
    """The fast path: the chunk's accounts and registrations with a few statements each
    (accounts.bulk, registrations.bulk). When seats are short, the rows that do not fit get
    the 'full' message and the others are tried once more in bulk. If a row would be refused
    for any other reason, the chunk's savepoint is rolled back and each row goes through the
    per-row services instead, so the report is the same either way."""
    from skillcert.registrations.bulk import BulkNotApplied, SeatsShort, registrations_create_many

    if not rows:
        return
    try:
        with transaction.atomic():
            items = _bulk_items(rows, sitting, actor)
            registrations = registrations_create_many(group_sitting=sitting, items=items, actor=actor)
    except (BulkNotApplied, ValidationError) as error:
        if retry and isinstance(error, SeatsShort):
            for index, message in error.refusals.items():
                rows[index].refuse(message)
            _apply_chunk([rows[index] for index in error.fitting], sitting, actor, retry=False)
        else:
            for row in rows:
                _apply_row(row, sitting, actor)
        return
    for row, registration in zip(rows, registrations, strict=True):
        row.registration_id = registration.pk


# Rows saved per transaction. The seat rows are claimed last in each chunk (one UPDATE per
# pool), so they stay locked only for the commit; a chunk that cannot be saved in bulk for a
# reason other than seats is redone row by row, each row its own savepoint.
ROWS_PER_COMMIT = 200


def upload_apply(*, sitting: GroupSitting, uploaded_file, actor) -> UploadReport:
    """Read, check and apply an upload; returns the row-by-row report. Accepted rows are
    saved in chunks of ROWS_PER_COMMIT (see `_apply_chunk`); a row refused late saves nothing."""
    if sitting.session.is_cancelled:
        raise GroupError(_("本梯次已停辦。"), code="cancelled")
    rows = upload_check(sitting=sitting, rows=parse_rows(uploaded_file))
    pending = [row for row in rows if row.outcome == ACCEPTED]
    for start in range(0, len(pending), ROWS_PER_COMMIT):
        with transaction.atomic():
            _apply_chunk(pending[start : start + ROWS_PER_COMMIT], sitting, actor)
            special_needs_record(pending[start : start + ROWS_PER_COMMIT], actor)
    return UploadReport(rows=rows)
