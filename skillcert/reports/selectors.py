"""The exam office's figures, each a few set-based queries (annotate/aggregate in the
database, never a Python loop over registrations, payments or scores). Every report returns a
`Table`: its column headings, its rows (a label first, then numbers) and which numeric
columns the chart draws. Python only walks the grouped rows (days, sittings, subjects …)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.models import Level, Plan, SeatPool
from skillcert.certificates.models import Certificate, CertificateKind, CertificateStatus
from skillcert.core import clock
from skillcert.groups.models import GroupSitting, Remittance
from skillcert.payments.models import BankCredit, CreditStatus, ImportBatch
from skillcert.registrations.models import CLOSED_STATES, RefundRequest, Registration, RegistrationSubject
from skillcert.scoring.models import Attendance, Score

from .filters import Filters, Paths, apply


@dataclass
class Table:
    columns: list
    rows: list[tuple] = field(default_factory=list)
    series: tuple[int, ...] = (1,)  # the numeric columns the chart draws
    line: bool = False  # a line chart (over days) rather than bars


REGISTRATION = Paths(level="session__level", sitting="session", region="region")
SUBJECT_LINE = Paths(
    level="registration__session__level", sitting="registration__session", region="registration__region"
)
SEATS = Paths(level="session__level", sitting="session", region="venue__region")
CREDIT = Paths(level="registration__session__level", sitting="registration__session", region="registration__region")
REFUND = CREDIT  # a refund request reaches the catalog through its registration, as a credit does
GROUP = Paths(level="session__level", sitting="session")
SCORE = Paths(level="session__level", sitting="session", region="registration_subject__registration__region")
CERTIFICATE = Paths(level="level")
LIVE = ~Q(status__in=CLOSED_STATES)


def labels(choices) -> dict:
    """Choice values to their words, as plain strings (a spreadsheet cell takes no lazy text)."""
    return {value: str(label) for value, label in choices}


RANKS = labels(Level.Rank.choices)


def _day(value) -> str:
    return clock.roc_date(value, weekday=False)


def _registrations(filters: Filters):
    return apply(Registration.objects.filter(LIVE), filters, REGISTRATION)


def _grouped(rows, *keys: str, **sums):
    """`rows` grouped by `keys` with `n` (count) and the given aggregates, largest first."""
    return rows.values(*keys).annotate(n=Count("id"), **sums).order_by("-n", *keys)


def registrations_per_day(filters: Filters) -> Table:
    """Registrations made each Taipei day and their running total (closed ones left out);
    the sitting filter gives one sitting's curve."""
    days = (
        _registrations(filters)
        .annotate(day=TruncDate("created_at", tzinfo=clock.TAIPEI))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    rows, total = [], 0
    for row in days:
        total += row["n"]
        rows.append((_day(row["day"]), row["n"], total))
    return Table([_("日期"), _("當日報名"), _("累計報名")], rows, series=(2,), line=True)


def registrations_by_level(filters: Filters) -> Table:
    keys = ("session__level__brochure__item__code", "session__level__brochure__roc_year", "session__level__rank")
    rows = [
        (f"{row[keys[0]]} {row[keys[1]]} {RANKS[row[keys[2]]]}", row["n"])
        for row in _grouped(_registrations(filters), *keys)
    ]
    return Table([_("級等"), _("報名人數")], rows)


def registrations_by_subject(filters: Filters) -> Table:
    lines = apply(RegistrationSubject.objects.filter(registration__status__in=_live_states()), filters, SUBJECT_LINE)
    grouped = _grouped(lines, "subject__level__brochure__item__code", "subject__code", "subject__name")
    rows = [
        (f"{r['subject__level__brochure__item__code']} {r['subject__code']} {r['subject__name']}", r["n"])
        for r in grouped
    ]
    return Table([_("考科"), _("報名人數")], rows)


def _live_states():
    return [state for state in Registration.TRANSITIONS if state not in CLOSED_STATES]


def registrations_by_region(filters: Filters) -> Table:
    rows = [(r["region__name"], r["n"]) for r in _grouped(_registrations(filters), "region__name")]
    return Table([_("考區"), _("報名人數")], rows)


def registrations_by_plan(filters: Filters) -> Table:
    names = labels(Plan.choices)
    rows = [
        (names.get(r["plan"], r["plan"]), r["n"], r["due"])
        for r in _grouped(_registrations(filters), "plan", due=Sum("amount"))
    ]
    return Table([_("方案"), _("報名人數"), _("應繳金額")], rows)


def registrations_by_school(filters: Filters) -> Table:
    grouped = _grouped(_registrations(filters), "candidate__school_or_employer")[:50]
    rows = [(r["candidate__school_or_employer"] or str(_("（未填）")), r["n"]) for r in grouped]
    return Table([_("學校/服務單位（前 50）"), _("報名人數")], rows)


def seats(filters: Filters) -> Table:
    pools = (
        apply(SeatPool.objects.all(), filters, SEATS)
        .values("session_id", "session__level__brochure__item__code", "session__exam_date")
        .annotate(capacity=Sum("capacity"), held=Sum("held"))
        .order_by("session__exam_date", "session_id")
    )
    rows = [
        (
            f"{p['session__level__brochure__item__code']} {_day(p['session__exam_date'])} #{p['session_id']}",
            p["capacity"],
            p["held"],
            p["capacity"] - p["held"],
        )
        for p in pools
    ]
    return Table([_("梯次"), _("限額"), _("已占用"), _("尚餘")], rows, series=(1, 2))


EXCEPTION_STATES = (CreditStatus.EXCEPTION, CreditStatus.REFUND_PENDING)


def money_by_day(filters: Filters) -> Table:
    """Per Taipei day: amounts falling due (registrations made), credited by the bank,
    matched (automatically or accepted), waiting in the exception queue, and refunded."""
    by_day: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
    due = (
        _registrations(filters)
        .annotate(day=TruncDate("created_at", tzinfo=clock.TAIPEI))
        .values("day")
        .annotate(total=Sum("amount"))
    )
    for row in due:
        by_day[row["day"]][0] = row["total"]
    credits = (
        apply(BankCredit.objects.all(), filters, CREDIT)
        .annotate(day=TruncDate("value_at", tzinfo=clock.TAIPEI))
        .values("day")
        .annotate(
            credited=Sum("amount"),
            matched=Coalesce(Sum("amount", filter=Q(status__in=(CreditStatus.MATCHED, CreditStatus.ACCEPTED))), 0),
            queued=Coalesce(Sum("amount", filter=Q(status__in=EXCEPTION_STATES)), 0),
        )
    )
    for row in credits:
        by_day[row["day"]][1:4] = [row["credited"], row["matched"], row["queued"]]
    refunds = (
        apply(RefundRequest.objects.filter(refunded_on__isnull=False), filters, REFUND)
        .values("refunded_on")
        .annotate(total=Sum("refunded_amount"))
    )
    for row in refunds:
        by_day[row["refunded_on"]][4] = row["total"]
    rows = [(_day(day), *values) for day, values in sorted(by_day.items())]
    columns = [_("日期"), _("應繳"), _("銀行入帳"), _("已銷帳"), _("待處理"), _("已退費")]
    return Table(columns, rows, series=(1, 3, 4))


def bank_files(filters: Filters) -> Table:
    """Each bank file's credited total against what of it was matched."""
    matched = Q(credits__status__in=(CreditStatus.MATCHED, CreditStatus.ACCEPTED))
    batches = ImportBatch.objects.annotate(
        total=Coalesce(Sum("credits__amount"), 0), matched_total=Coalesce(Sum("credits__amount", filter=matched), 0)
    ).order_by("-created_at")[:60]
    rows = [
        (
            f"{b.filename or b.pk} ({_day(clock.local(b.created_at))})",
            b.total,
            b.matched_total,
            b.total - b.matched_total,
        )
        for b in batches
    ]
    return Table([_("銀行入帳檔"), _("入帳總額"), _("已銷帳總額"), _("差額")], rows, series=(1, 2))


def group_outstanding(filters: Filters) -> Table:
    """Each group sitting: the amount its live registrations owe, what it remitted, what is
    still outstanding (largest first)."""
    remitted = (
        Remittance.objects.filter(group_sitting=OuterRef("pk"))
        .values("group_sitting")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    sittings = (
        apply(GroupSitting.objects.all(), filters, GROUP)
        .annotate(
            due=Coalesce(Sum("registrations__amount", filter=~Q(registrations__status__in=CLOSED_STATES)), 0),
            remitted=Coalesce(Subquery(remitted, output_field=IntegerField()), 0),
        )
        .annotate(outstanding=F("due") - F("remitted"))
        .filter(outstanding__gt=0)
        .values("organisation__name", "session__exam_date", "due", "remitted", "outstanding")
        .order_by("-outstanding")
    )
    rows = [
        (f"{s['organisation__name']} {_day(s['session__exam_date'])}", s["due"], s["remitted"], s["outstanding"])
        for s in sittings
    ]
    return Table([_("團體/梯次"), _("應繳"), _("已匯款"), _("未繳")], rows, series=(3,))


def _scores(filters: Filters):
    """Scores filtered; a score's region is that of the registration it was sat under."""
    return apply(Score.objects.all(), filters, SCORE)


def attendance(filters: Filters) -> Table:
    """Present and absent per subject, from the scores' attendance (scoring.Score)."""
    grouped = (
        _scores(filters)
        .values("subject__level__brochure__item__code", "subject__code")
        .annotate(
            present=Count("id", filter=Q(attendance=Attendance.PRESENT)),
            absent=Count("id", filter=Q(attendance=Attendance.ABSENT)),
        )
        .order_by("subject__level__brochure__item__code", "subject__code")
    )
    rows = [
        (f"{r['subject__level__brochure__item__code']} {r['subject__code']}", r["present"], r["absent"])
        for r in grouped
    ]
    return Table([_("考科"), _("到考"), _("缺考")], rows, series=(1, 2))


# The set-based form of scoring.rules.is_pass: a score at or above the level's pass mark.
PASSED = Q(score__gte=F("subject__level__pass_mark"))


def _pass_rates(rows, *keys: str, label) -> list[tuple]:
    grouped = (
        rows.filter(attendance=Attendance.PRESENT)
        .values(*keys)
        .annotate(sat=Count("id"), passed=Count("id", filter=PASSED))
        .order_by(*keys)
    )
    return [
        (label(r), r["sat"], r["passed"], round(100 * r["passed"] / r["sat"], 1) if r["sat"] else 0) for r in grouped
    ]


PASS_COLUMNS = [_("到考"), _("及格"), _("及格率 %")]


def pass_rates_by_subject(filters: Filters) -> Table:
    keys = ("subject__level__brochure__item__code", "subject__code")
    rows = _pass_rates(_scores(filters), *keys, label=lambda r: f"{r[keys[0]]} {r[keys[1]]}")
    return Table([_("考科"), *PASS_COLUMNS], rows, series=(3,))


def pass_rates_by_level(filters: Filters) -> Table:
    keys = ("subject__level__brochure__item__code", "subject__level__rank")
    rows = _pass_rates(_scores(filters), *keys, label=lambda r: f"{r[keys[0]]} {RANKS[r[keys[1]]]}")
    return Table([_("級等"), *PASS_COLUMNS], rows, series=(3,))


def pass_rates_by_region(filters: Filters) -> Table:
    key = "registration_subject__registration__region__name"
    rows = _pass_rates(_scores(filters), key, label=lambda r: r[key] or "—")
    return Table([_("考區"), *PASS_COLUMNS], rows, series=(3,))


def pass_rates_by_school(filters: Filters) -> Table:
    key = "candidate__school_or_employer"
    rows = _pass_rates(_scores(filters), key, label=lambda r: r[key] or str(_("（未填）")))
    rows = sorted(rows, key=lambda row: -row[1])[:50]
    return Table([_("學校/服務單位（前 50）"), *PASS_COLUMNS], rows, series=(3,))


def certificates(filters: Filters) -> Table:
    """Per month of issue: certificates issued, renewed, reissued, and (now) revoked."""
    grouped = (
        apply(Certificate.objects.all(), filters, CERTIFICATE)
        .annotate(month=TruncMonth("issued_on"))
        .values("month")
        .annotate(
            issued=Count("id", filter=Q(kind=CertificateKind.ISSUE)),
            renewed=Count("id", filter=Q(kind=CertificateKind.RENEWAL)),
            reissued=Count("id", filter=Q(kind=CertificateKind.REISSUE)),
            revoked=Count("id", filter=Q(status=CertificateStatus.REVOKED)),
        )
        .order_by("month")
    )
    rows = [
        (f"{clock.roc_year(r['month'])}/{r['month'].month:02d}", r["issued"], r["renewed"], r["reissued"], r["revoked"])
        for r in grouped
    ]
    return Table([_("月份"), _("核發"), _("換發"), _("補發"), _("撤銷")], rows, series=(1, 2, 3, 4))
