"""The demo loader holds every number of both brochures (true dates)."""

import datetime as dt

import pytest

from skillcert.catalog import selectors
from skillcert.catalog.models import Brochure, Fee, Plan, SeatPool, SubjectKind, SyllabusTopic
from skillcert.core import clock

from .helpers import level, session

pytestmark = pytest.mark.django_db
W, P = SubjectKind.WRITTEN, SubjectKind.PRACTICAL
BEGINNER, INTERMEDIATE = 1, 2


def fee(code, rank, plan, kind):
    return Fee.objects.get(level=level(code, rank), plan=plan, kind=kind)


@pytest.mark.parametrize(
    ("code", "rank", "plan", "kind", "amount"),
    [
        ("SPE", BEGINNER, Plan.LIST, W, 1200),
        ("SPE", BEGINNER, Plan.LIST, P, 3000),
        ("SPE", BEGINNER, Plan.NEW, W, 800),
        ("SPE", BEGINNER, Plan.NEW, P, 2100),
        ("SPE", BEGINNER, Plan.RETURNING, W, 600),
        ("SPE", BEGINNER, Plan.RECOGNITION, P, 1800),
        ("SPE", BEGINNER, Plan.GROUP, W, 600),
        ("SPE", BEGINNER, Plan.TRAINING, P, 1800),
        ("SPE", INTERMEDIATE, Plan.LIST, W, 1500),
        ("SPE", INTERMEDIATE, Plan.NEW, W, 1000),
        ("SPE", INTERMEDIATE, Plan.RECOGNITION, W, 700),
        ("SPE", INTERMEDIATE, Plan.TRAINING, W, 700),
        ("MDMT", BEGINNER, Plan.LIST, W, 1200),
        ("MDMT", BEGINNER, Plan.NEW, P, 2100),
        ("MDMT", BEGINNER, Plan.GROUP, P, 1800),
        ("MDMT", INTERMEDIATE, Plan.LIST, W, 1500),
        ("MDMT", INTERMEDIATE, Plan.LIST, P, 4200),
        ("MDMT", INTERMEDIATE, Plan.NEW, P, 3000),
        ("MDMT", INTERMEDIATE, Plan.RETURNING, P, 2500),
        ("MDMT", INTERMEDIATE, Plan.TRAINING, W, 700),
        ("MDMT", BEGINNER, Plan.RECHARGE, W, 0),
        ("MDMT", INTERMEDIATE, Plan.RECHARGE, W, 0),
    ],
)
def test_every_fee_cell_of_both_tables(brochures, code, rank, plan, kind, amount):
    assert fee(code, rank, plan, kind).amount == amount


def test_fee_tables_have_no_cells_the_brochures_lack(brochures):
    assert not Fee.objects.filter(level=level("SPE", INTERMEDIATE), kind=P).exists()  # SPE 中級 is written only
    assert not Fee.objects.filter(level__brochure__item__code="SPE", plan=Plan.RECHARGE).exists()
    assert not Fee.objects.filter(level__brochure__item__code="MDMT", plan=Plan.RECOGNITION).exists()
    assert not Fee.objects.filter(plan=Plan.RECHARGE, kind=P).exists()  # 再充電: written subjects only
    assert Fee.objects.filter(level=level("SPE", BEGINNER)).count() == 14
    assert Fee.objects.filter(level=level("MDMT", INTERMEDIATE)).count() == 13


def test_the_30_percent_plan_needs_documents_and_comes_to_30_percent_of_list(brochures):
    for lvl in (level("SPE", BEGINNER), level("SPE", INTERMEDIATE), level("MDMT", BEGINNER)):
        cells = Fee.objects.filter(level=lvl, plan=Plan.DISADVANTAGED)
        assert cells.exists()
        assert all(c.percent_of_list == 30 and c.amount is None and c.needs_documents for c in cells)
    row = next(r for r in selectors.fee_table(level("SPE", BEGINNER)) if r.plan == Plan.DISADVANTAGED)
    assert (row.cells[W].price, row.cells[P].price) == (360, 900)
    row = next(r for r in selectors.fee_table(level("MDMT", INTERMEDIATE)) if r.plan == Plan.DISADVANTAGED)
    assert (row.cells[W].price, row.cells[P].price) == (450, 1260)
    assert fee("SPE", BEGINNER, Plan.TRAINING, W).needs_documents
    assert not fee("SPE", BEGINNER, Plan.NEW, W).needs_documents


def test_fee_table_lists_every_plan_row_in_order(brochures):
    plans = [row.plan for row in selectors.fee_table(level("SPE", BEGINNER))]
    assert plans == ["list", "new", "returning", "recognition", "group", "training", "disadvantaged"]
    plans = [row.plan for row in selectors.fee_table(level("MDMT", BEGINNER))]
    assert plans == ["list", "new", "returning", "group", "training", "disadvantaged", "recharge"]
    recharge = selectors.fee_table(level("MDMT", BEGINNER))[-1]
    assert recharge.cells[W].price == 0 and recharge.cells[P] is None


def test_quotas(brochures):
    assert level("MDMT", BEGINNER).written_quota == 1500
    assert level("MDMT", INTERMEDIATE).written_quota == 300
    assert level("SPE", BEGINNER).written_quota == 1000
    assert level("SPE", INTERMEDIATE).written_quota == 200
    written = {
        (p.session.level.brochure.item.code, p.session.level.rank, p.session.nth): p.capacity
        for p in SeatPool.objects.filter(kind=W, venue__isnull=True).select_related("session__level__brochure__item")
    }
    assert written == {
        ("MDMT", 1, 1): 1500, ("MDMT", 1, 2): 1500,
        ("SPE", 1, 1): 1000, ("SPE", 1, 2): 1000, ("SPE", 2, 1): 200,
    }  # fmt: skip
    assert not level("MDMT", INTERMEDIATE).sessions.exists()


def test_practical_venues_have_their_own_capacity_in_the_first_sitting_only(brochures):
    pools = SeatPool.objects.filter(kind=P).select_related("venue__region", "session")
    assert {(p.venue.region.name, p.venue.name, p.capacity, p.session.nth) for p in pools} == {
        ("台北", "國立臺北科技大學", 60, 1),
        ("高雄", "國立高雄科技大學", 60, 1),
    }
    first, second = session("SPE", 1, 1), session("SPE", 1, 2)
    assert [s.code for s in selectors.session_subjects(session=first)] == ["L11", "L12", "L13"]
    assert [s.code for s in selectors.session_subjects(session=second)] == ["L11", "L12"]
    practical = first.timetable.get(subject__code="L13")
    assert {r.name for r in practical.regions.all()} == {"台北", "高雄"}
    assert practical.starts_at is None and "4小時" in practical.note


def test_registration_windows_close_at_their_exact_taipei_times(brochures):
    spe1, spe2, mid = session("SPE", 1, 1), session("SPE", 1, 2), session("SPE", 2, 1)
    assert spe1.registration_opens == clock.at(dt.date(2026, 1, 1))
    assert spe1.group_registration_closes == clock.at(dt.date(2026, 4, 9), 12)
    assert spe1.registration_closes == clock.at(dt.date(2026, 4, 10), 12)
    assert spe2.group_registration_opens == clock.at(dt.date(2026, 5, 22))
    assert spe2.group_registration_closes == clock.at(dt.date(2026, 9, 21), 12)
    assert spe2.registration_closes == clock.at(dt.date(2026, 9, 22), 12)
    assert mid.group_registration_closes == clock.at(dt.date(2026, 3, 10), 12)
    assert mid.registration_closes == clock.at(dt.date(2026, 3, 11), 12)
    assert clock.local(spe1.registration_closes).strftime("%H:%M %Z") == "12:00 CST"
    mdmt1, mdmt2 = session("MDMT", 1, 1), session("MDMT", 1, 2)
    assert mdmt1.registration_opens == mdmt1.group_registration_opens == clock.at(dt.date(2024, 2, 1))
    assert mdmt1.registration_closes == clock.end_of_day(dt.date(2024, 4, 19))
    assert mdmt2.registration_opens == clock.at(dt.date(2024, 5, 31))
    assert mdmt2.registration_closes == clock.end_of_day(dt.date(2024, 10, 4))


def test_exam_days_and_timetable(brochures):
    exams = {(s.level.brochure.item.code, s.level.rank, s.nth): s.exam_date for s in _sessions()}
    assert exams == {
        ("MDMT", 1, 1): dt.date(2024, 5, 18), ("MDMT", 1, 2): dt.date(2024, 11, 9),
        ("SPE", 1, 1): dt.date(2026, 5, 23), ("SPE", 1, 2): dt.date(2026, 11, 14), ("SPE", 2, 1): dt.date(2026, 4, 11),
    }  # fmt: skip
    assert all(day.weekday() == 5 for day in exams.values())

    def times(s, code):
        row = s.timetable.get(subject__code=code)
        return clock.local(row.starts_at).strftime("%H:%M"), clock.local(row.ends_at).strftime("%H:%M")

    assert times(session("SPE", 1, 1), "L11") == ("09:00", "10:15")
    assert times(session("SPE", 1, 2), "L12") == ("10:45", "12:00")
    assert times(session("SPE", 2, 1), "L21") == ("13:30", "15:00")
    assert times(session("SPE", 2, 1), "L22") == ("15:30", "17:00")
    assert times(session("MDMT", 1, 1), "L11") == ("13:30", "14:45")
    assert times(session("MDMT", 1, 2), "L12") == ("15:15", "16:30")


def _sessions():
    from skillcert.catalog.models import ExamSession

    return ExamSession.objects.select_related("level__brochure__item")


def test_subjects_codes_kinds_formats_durations(brochures):
    rows = {
        (s.level.brochure.item.code, s.code): (s.kind, s.format, s.question_type, s.duration_minutes)
        for lvl in (level("SPE", 1), level("SPE", 2), level("MDMT", 1))
        for s in lvl.subjects.select_related("level__brochure__item")
    }
    assert rows == {
        ("SPE", "L11"): ("written", "cbt", "單選題 (100%)", 75),
        ("SPE", "L12"): ("written", "cbt", "單選題 (100%)", 75),
        ("SPE", "L13"): ("practical", "practical", "實作題+問答題 (100%)", 240),
        ("SPE", "L21"): ("written", "cbt", "單選題 (100%)", 90),
        ("SPE", "L22"): ("written", "cbt", "單選題 (100%)", 90),
        ("MDMT", "L11"): ("written", "cbt", "單選題 (100%)", 75),
        ("MDMT", "L12"): ("written", "drawing", "非選擇題 (含實體繪製)(100%)", 75),
    }


def test_certification_paths(brochures):
    def paths(code, rank):
        return {
            p.name: sorted(s.number for s in p.subjects.all())
            for p in level(code, rank).paths.prefetch_related("subjects")
        }

    assert paths("SPE", 1) == {"A": [1, 2], "B": [1, 3]}
    assert paths("SPE", 2) == {"A": [1, 2]}
    assert paths("MDMT", 1) == {"A": [1, 2]}


def test_every_syllabus_row(brochures):
    def codes(code, rank, subject):
        return list(
            SyllabusTopic.objects.filter(subject__level=level(code, rank), subject__code=subject).values_list(
                "code", flat=True
            )
        )

    spe_l11 = codes("SPE", 1, "L11")
    assert spe_l11[:5] == ["L111", "L11101", "L11102", "L11103", "L11104"]
    assert len(spe_l11) == 5 + 16 and spe_l11[-1] == "L11503"
    assert len(codes("SPE", 1, "L12")) == 3 + 12
    assert len(codes("SPE", 1, "L13")) == 2 + 7 and "L13204" in codes("SPE", 1, "L13")
    assert len(codes("SPE", 2, "L21")) == 2 + 12 and "L21207" in codes("SPE", 2, "L21")
    assert len(codes("SPE", 2, "L22")) == 3 + 13 and "L22302" in codes("SPE", 2, "L22")
    assert len(codes("MDMT", 1, "L11")) == 4 + 4
    assert len(codes("MDMT", 1, "L12")) == 4 + 12 and "L12402" in codes("MDMT", 1, "L12")
    content = SyllabusTopic.objects.get(subject__level=level("MDMT", 1), code="L12202")
    assert content.title == "尺寸公差的概念：單向公差、雙向公差、一般公差" and content.parent.code == "L122"


def test_milestones(brochures):
    mdmt1, mdmt2 = session("MDMT", 1, 1), session("MDMT", 1, 2)
    assert (mdmt1.dispute_opens, mdmt1.dispute_closes) == (dt.date(2024, 5, 20), dt.date(2024, 5, 22))
    assert (mdmt2.dispute_opens, mdmt2.dispute_closes) == (dt.date(2024, 11, 11), dt.date(2024, 11, 13))
    assert selectors.review_window(session=mdmt1) == (dt.date(2024, 6, 18), dt.date(2024, 6, 20))
    assert selectors.review_window(session=mdmt2) == (dt.date(2024, 12, 4), dt.date(2024, 12, 6))
    assert selectors.sample_questions_date(session=mdmt1) == dt.date(2024, 5, 20)  # 1st working day after
    assert selectors.notice_window(session=mdmt1) == (dt.date(2024, 5, 8), dt.date(2024, 5, 18))
    assert mdmt2.certificates_mailed_from == dt.date(2025, 1, 15)
    spe1, spe2, mid = session("SPE", 1, 1), session("SPE", 1, 2), session("SPE", 2, 1)
    assert (spe1.scores_published_on, spe2.scores_published_on, mid.scores_published_on) == (
        dt.date(2026, 6, 12), dt.date(2026, 11, 25), dt.date(2026, 4, 30),
    )  # fmt: skip
    # 成績公告(含)起2日內: the publication day and the next.
    assert selectors.review_window(session=spe1) == (dt.date(2026, 6, 12), dt.date(2026, 6, 13))
    assert spe1.dispute_on_exam_day and spe1.dispute_opens is None
    assert selectors.sample_questions_date(session=spe1) is None  # brochure 115 has no such row
    assert (spe1.certificates_mailed_from, spe2.certificates_mailed_from, mid.certificates_mailed_from) == (
        dt.date(2026, 7, 31), dt.date(2027, 1, 15), dt.date(2026, 6, 2),
    )  # fmt: skip


def test_regions_per_sitting(brochures):
    def regions(code, rank, nth):
        return {r.name for r in session(code, rank, nth).regions.all()}

    assert regions("SPE", 1, 1) == {"台北", "桃園", "台中", "虎尾", "高雄", "金門", "澎湖"}
    assert regions("SPE", 1, 2) == {"台北", "桃園", "台中", "虎尾", "高雄", "金門", "屏東"}
    assert regions("SPE", 2, 1) == {"台北", "台中", "虎尾", "高雄"}
    assert regions("MDMT", 1, 1) == regions("MDMT", 1, 2) == {"台北", "台中", "虎尾", "高雄"}


def test_brochure_rules_contacts_and_reissue(brochures):
    spe = Brochure.objects.get(item__code="SPE", roc_year=115)
    mdmt = Brochure.objects.get(item__code="MDMT", roc_year=113)
    assert (spe.group_threshold, mdmt.group_threshold) == (25, None)
    assert spe.minimum_turnout == mdmt.minimum_turnout == 40
    assert spe.reissue_fee == mdmt.reissue_fee == 600
    assert (spe.published_on, mdmt.published_on) == (dt.date(2025, 12, 24), dt.date(2024, 1, 31))
    assert [(w.opens_on, w.closes_on) for w in spe.reissue_windows.all()] == [
        (dt.date(2026, 5, 1), dt.date(2026, 5, 5)), (dt.date(2026, 6, 1), dt.date(2026, 6, 10)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 10)), (dt.date(2026, 11, 1), dt.date(2026, 11, 10)),
    ]  # fmt: skip
    assert [(w.opens_on, w.closes_on) for w in mdmt.reissue_windows.all()] == [
        (dt.date(2024, 6, 15), dt.date(2024, 6, 23)), (dt.date(2024, 10, 1), dt.date(2024, 10, 5)),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 7)),
    ]  # fmt: skip
    assert spe.item.phone == "03-5912995" and mdmt.item.phone == "03-5912893"
    assert spe.item.fax == mdmt.item.fax == "03-5820285"
    assert spe.item.co_organiser == "社團法人中華民國工業協進會"
    assert (level("SPE", 1).certificate_valid_years, level("SPE", 2).certificate_valid_years) == (None, 5)
    assert level("MDMT", 1).certificate_valid_years is None
    assert "大三以上學歷" in level("SPE", 1).suggested_candidates


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (dt.date(2026, 4, 30), False),
        (dt.date(2026, 5, 1), True),
        (dt.date(2026, 5, 5), True),
        (dt.date(2026, 5, 6), False),
        (dt.date(2026, 6, 10), True),
        (dt.date(2026, 6, 11), False),
        (dt.date(2026, 11, 10), True),
    ],
)
def test_reissue_window_open(brochures, day, open_):
    spe = Brochure.objects.get(item__code="SPE")
    assert selectors.reissue_window_open(brochure=spe, on=day) is open_
