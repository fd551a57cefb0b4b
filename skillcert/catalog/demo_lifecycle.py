"""Demo data that shows the whole lifecycle (`manage.py load_demo`, after the brochures).

Last season is replayed through the services on its own dates (`core.clock.as_of`): last
year's SPE sittings (the 115 brochure's levels copied as the previous ROC year's), ending
five weeks before today with scores published two days ago. The demo candidate (`demo`) sat
初級 and 中級 there: 初級 passed with a certificate and a score review already answered, 中級
one subject passed (a kept pass: the open 中級 sitting then asks only for the other). The demo
school registered three candidates as a group, paid by bank file, and has their results.
Every staff queue has something: eligibility (a discounted plan's documents), special needs,
the payment exception queue (an unknown account in the bank file), a score review and a
disputed question, a renewal and a reissue. Every date is relative to the day it is loaded.

Loaded once: when last season's brochure exists, nothing is done (running it twice is safe)."""

import datetime as dt
import io

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from reportlab.pdfgen import canvas

from skillcert.accounts.models import CandidateProfile, User
from skillcert.accounts.services import candidate_sign_up
from skillcert.certificates.models import Certificate
from skillcert.certificates.reissues import current_brochure, open_window, reissue_payment_confirmed, reissue_request
from skillcert.certificates.renewals import renewal_open, renewal_submit, training_record_add
from skillcert.certificates.services import certificate_issue
from skillcert.core import clock
from skillcert.core.identifiers import is_personal_id
from skillcert.groups.models import Coordinator
from skillcert.groups.remittances import remittance_record
from skillcert.groups.services import group_sitting_register
from skillcert.payments.bankfile import CreditLine, render_fixed
from skillcert.payments.imports import bank_file_import
from skillcert.registrations.services import registration_create
from skillcert.scoring.disputes import dispute_file
from skillcert.scoring.evaluation import outcomes_announce, session_evaluate
from skillcert.scoring.models import Attendance, Dispute
from skillcert.scoring.publication import scores_publish_notify
from skillcert.scoring.reviews import review_reply, review_request
from skillcert.scoring.services import score_record

from .models import (
    Brochure,
    CertificationPath,
    ExamSession,
    Fee,
    Level,
    Plan,
    Region,
    ReissueWindow,
    SeatPool,
    SessionSubject,
)

ITEM = "SPE"
# (username, 中文姓名, English name, scores at 初級 {subject number: score}); the school's three.
SCHOOL = [
    ("demochen", "陳怡君", "CHEN YI JUN", {1: 82, 2: 75}),
    ("demolin", "林志豪", "LIN ZHI HAO", {1: 70, 2: 48}),
    ("demochang", "張雅婷", "CHANG YA TING", {1: 55, 2: 61}),
]
DEMO_SCORES = {Level.Rank.BEGINNER: {1: 78, 2: 66}, Level.Rank.INTERMEDIATE: {1: 74, 2: 52}}


def load_lifecycle(*, today: dt.date | None = None) -> list[str]:
    """Replay last season and fill the queues; returns what was done (lines to print)."""
    from skillcert.accounts.management.commands.demo_accounts import DEMO_STAFF, demo_candidate
    from skillcert.accounts.models import StaffRole
    from skillcert.groups.demo import DEMO_USERNAME

    today = today or clock.today()
    current = Brochure.objects.filter(item__code=ITEM).order_by("-roc_year").first()
    if current is None:
        return ["lifecycle demo: load the brochures first"]
    if Brochure.objects.filter(item__code=ITEM, roc_year=current.roc_year - 1).exists():
        return ["lifecycle demo: already loaded"]
    call_command("demo_accounts", stdout=io.StringIO())  # the staff, the candidate and the coordinator
    staff = {role: User.objects.get(username=name) for role, name in DEMO_STAFF.items()}
    officer, finance, reviewer = staff[StaffRole.ITEM_OFFICER], staff[StaffRole.FINANCE], staff[StaffRole.REVIEWER]
    demo = demo_candidate().candidate
    coordinator = Coordinator.objects.get(user__username=DEMO_USERNAME)
    with transaction.atomic():
        dates = _season(today)
        past = _past_brochure(current)
        sessions = {level.rank: _past_session(level, dates) for level in past.levels.all()}
        school = [_person(username, zh, en) for username, zh, en, _scores in SCHOOL]
        beginner, intermediate = sessions[Level.Rank.BEGINNER], sessions[Level.Rank.INTERMEDIATE]
        region = Region.objects.get(name="台北")

        with clock.as_of(dates["registration"]):
            registrations = [
                _register(demo, beginner, [1, 2], region),
                _register(demo, intermediate, [1, 2], region),
            ]
            group = group_sitting_register(coordinator=coordinator, session=beginner, actor=coordinator.user)
            registrations += [_register(person, beginner, [1, 2], region, group) for person in school]
        with clock.as_of(dates["payment"]):
            _pay_by_bank_file(registrations[:2], actor=finance)
            remittance_record(
                sitting=group, amount=sum(r.amount for r in registrations[2:]), remitted_on=clock.today(),
                bank_reference="DEMO-REMIT-1", actor=finance, registration_ids=[r.pk for r in registrations[2:]],
            )  # fmt: skip
        with clock.as_of(dates["dispute"]):
            dispute_file(
                candidate=school[2], session=beginner, subject=beginner.level.subjects.get(number=1), question=17,
                reason="第17題題幹所述之控制器型號與選項不符，(B)(C) 皆可為正確答案，請釋疑。",
                channel=Dispute.Channel.ONLINE,
            )  # fmt: skip
        with clock.as_of(dates["scores"]):
            scores = {demo.pk: DEMO_SCORES[Level.Rank.BEGINNER]} | {
                p.pk: s for p, (*_, s) in zip(school, SCHOOL, strict=True)
            }
            _record_scores(beginner, scores, actor=officer)
            _record_scores(intermediate, {demo.pk: DEMO_SCORES[Level.Rank.INTERMEDIATE]}, actor=officer)
        with clock.as_of(dates["publication"]):
            scores_publish_notify()
            outcomes_announce()  # certificates are issued by certificates.receivers
        with clock.as_of(dates["review"]):
            answered = review_request(
                candidate=demo,
                session=beginner,
                score_ids=[_score(demo, beginner, 2).pk],
                reason="請協助重新核對分數。",
            )
        with clock.as_of(dates["reply"]):
            review_reply(
                review=answered, actor=reviewer, checked_attendance=True, checked_deductions=True, rescored=True,
                reply="經調閱答案卡重新核分，並核對到考及違規紀錄，成績無誤。",
            )  # fmt: skip
        # Today's queues.
        review_request(candidate=school[1], session=beginner, score_ids=[_score(school[1], beginner, 2).pk])
        open_sitting = ExamSession.objects.filter(level__brochure=current, level__rank=Level.Rank.BEGINNER)
        open_sitting = open_sitting.order_by("exam_date").first()
        _register(
            _person("demoli", "李美華", "LI MEI HUA"), open_sitting, [1, 2], region,
            claimed_plan=Plan.DISADVANTAGED, documents=[_pdf("低收入戶證明.pdf")],
        )  # fmt: skip
        _register(
            _person("demohuang", "黃建國", "HUANG JIAN GUO"), open_sitting, [1, 2], region,
            special_needs={"extra_minutes": 20, "enlarged_paper": True, "document": _pdf("身心障礙證明.pdf")},
        )  # fmt: skip
        renewal = _renewal(intermediate.level, today)
        reissue = _reissue(school[0], beginner.level, today)
    return [
        f"lifecycle demo: last season {beginner} and {intermediate} (exam {clock.roc_date(beginner.exam_date)},"
        f" scores published {clock.roc_date(beginner.scores_published_on)}) with results and certificates;",
        f"  queues: eligibility, special needs, payment exceptions, reviews, disputes, renewals ({renewal}),"
        f" reissues ({reissue})",
    ]


def _season(today: dt.date) -> dict:
    exam = today - dt.timedelta(days=35)
    exam -= dt.timedelta(days=(exam.weekday() - 5) % 7)  # a Saturday
    published = today - dt.timedelta(days=2)
    return {
        "exam": exam,
        "published": published,
        "registration": clock.at(exam - dt.timedelta(days=70), 10),
        "payment": clock.at(exam - dt.timedelta(days=68), 9),
        "dispute": clock.at(exam + dt.timedelta(days=2), 10),
        "scores": clock.at(published - dt.timedelta(days=5), 14),
        "publication": clock.at(published, 8, 5),
        "review": clock.at(published, 12),
        "reply": clock.at(published + dt.timedelta(days=1), 15),
    }


def _past_brochure(current: Brochure) -> Brochure:
    """The current brochure's levels (subjects, paths, fees) as the previous ROC year's."""
    past = Brochure.objects.get(pk=current.pk)
    past.pk, past.roc_year = None, current.roc_year - 1
    past.save()
    for level in current.levels.prefetch_related("subjects", "paths__subjects", "fees"):
        subjects, paths, fees = list(level.subjects.all()), list(level.paths.all()), list(level.fees.all())
        level.pk, level.brochure = None, past
        level.save()
        copies = {}
        for subject in subjects:
            number = subject.number
            subject.pk, subject.level = None, level
            subject.save()
            copies[number] = subject
        for path in paths:
            CertificationPath.objects.create(level=level, name=path.name).subjects.set(
                [copies[s.number] for s in path.subjects.all()]
            )
        Fee.objects.bulk_create(
            Fee(level=level, plan=f.plan, kind=f.kind, amount=f.amount, percent_of_list=f.percent_of_list,
                needs_documents=f.needs_documents, note=f.note)
            for f in fees
        )  # fmt: skip
    return past


def _past_session(level: Level, dates: dict) -> ExamSession:
    exam = dates["exam"]
    opens, closes = clock.at(exam - dt.timedelta(days=84)), clock.at(exam - dt.timedelta(days=42), 12)
    session = ExamSession.objects.create(
        level=level, nth=2, exam_date=exam, registration_opens=opens, registration_closes=closes,
        group_registration_opens=opens, group_registration_closes=closes,
        dispute_opens=exam + dt.timedelta(days=1), dispute_closes=exam + dt.timedelta(days=3),
        scores_published_on=dates["published"], review_days_from_publication=10,
        certificates_mailed_from=dates["published"] + dt.timedelta(days=30),
    )  # fmt: skip
    session.regions.set(Region.objects.filter(name__in=["台北", "台中", "高雄"]))
    for subject in level.subjects.all():
        SessionSubject.objects.create(session=session, subject=subject).regions.set(session.regions.all())
    SeatPool.objects.create(session=session, kind="written", capacity=400)
    if level.subjects.filter(kind="practical").exists():
        SeatPool.objects.create(session=session, kind="practical", capacity=60)
    return session


def _person(username: str, name_zh: str, name_en: str) -> CandidateProfile:
    serial = sum(map(ord, username)) % 10**7
    national_id = next(
        candidate for digit in "0123456789" if is_personal_id(candidate := f"F2{serial:07d}{digit}")
    )  # F2: a woman registered in 新北; any valid number would do
    return candidate_sign_up(
        username=username, password_hash=make_password(None), email=f"{username}@example.com",
        consent_version="115.1", consent_at=clock.now(), name_zh=name_zh, name_en=name_en,
        national_id=national_id, mobile="0912000" + f"{serial % 1000:03d}", birthday=dt.date(2003, 5, 17),
    )  # fmt: skip


def _register(candidate, session, numbers, region, group_sitting=None, **extra):
    subjects = list(session.level.subjects.filter(number__in=numbers))
    return registration_create(
        candidate=candidate, session=session, subjects=subjects, region=region, group_sitting=group_sitting, **extra
    )


def _pay_by_bank_file(registrations, *, actor) -> None:
    """The bank's credit file: every registration paid, and one credit to an account nobody
    was given (the exception queue's work)."""
    now = clock.now()
    accounts = [registration.virtual_accounts.get(status="active") for registration in registrations]
    lines = [
        CreditLine(
            line_number=n,
            bank_txn_id=f"DEMO{n:06d}",
            value_at=now,
            account_number=account.number,
            amount=account.amount,
            payer_bank="0050012",
            payer_account=f"0012{n:08d}",
        )  # fmt: skip
        for n, account in enumerate(accounts, start=1)
    ]
    lines.append(
        CreditLine(
            line_number=len(lines) + 1,
            bank_txn_id="DEMO999999",
            value_at=now,
            account_number="95012999999997",
            amount=1200,
            payer_bank="0040011",
            payer_account="001100998877",
        )  # fmt: skip
    )
    bank_file_import(content=render_fixed(lines).encode(), filename="demo-credits.txt", actor=actor)


def _record_scores(session, scores: dict[int, dict[int, int]], *, actor) -> None:
    from skillcert.registrations.models import RegistrationSubject

    rows = RegistrationSubject.objects.filter(registration__session=session).select_related("subject", "registration")
    for row in rows:
        raw = scores[row.registration.candidate_id][row.subject.number]
        score_record(registration_subject=row, attendance=Attendance.PRESENT, raw_score=raw, actor=actor)
    session_evaluate(session=session, actor=actor)


def _score(candidate, session, number):
    return candidate.scores.get(session=session, subject__number=number)


def _pdf(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Demo document")
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _renewal(level: Level, today: dt.date) -> str:
    """A 中級 certificate issued five years ago, six weeks from its end: its holder asks to renew."""
    person = _person("demowu", "吳淑芬", "WU SHU FEN")
    with clock.as_of(clock.at(today - dt.timedelta(days=5 * 365 - 42), 10)):
        certificate = certificate_issue(candidate=person, level=level)
    request = renewal_open(certificate=certificate, actor=person.user)
    training_record_add(
        request=request, evidence=_pdf("訓練證明.pdf"), actor=person.user,
        data={"kind": "course", "organisation": "工業技術研究院產業學院", "title": "智慧製造系統整合實務",
              "started_on": certificate.valid_from + dt.timedelta(days=400),
              "ended_on": certificate.valid_from + dt.timedelta(days=420), "hours": 60,
              "relevance": "課程涵蓋生產排程與設備聯網，與鑑定項目直接相關。"},
    )  # fmt: skip
    renewal_submit(request=request, actor=person.user)
    return certificate.number


def _reissue(candidate, level: Level, today: dt.date) -> str:
    """The school's certified candidate lost her certificate: a reissue, paid, awaits review.
    Reissues are taken only in the brochure's windows: when none is open today, the demo opens
    one (position 9, this week) so the queue can be seen."""
    certificate = Certificate.objects.get(candidate=candidate, level=level)
    brochure = current_brochure(certificate=certificate, today=today)
    if brochure is None:
        return "none: no brochure for this ROC year"
    if open_window(certificate=certificate, today=today) is None:
        ReissueWindow.objects.update_or_create(
            brochure=brochure, position=9,
            defaults={"opens_on": today - dt.timedelta(days=2), "closes_on": today + dt.timedelta(days=5)},
        )  # fmt: skip
    request = reissue_request(certificate=certificate, reason="lost", actor=candidate.user)
    reissue_payment_confirmed(reference=request.payment_reference)
    return certificate.number
