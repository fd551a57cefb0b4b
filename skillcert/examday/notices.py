"""The exam notice 考試通知 (SPEC §9; brochures §3.4, §3.5, 日程表 '「考試通知」公告/列印 考前 10 天~
考試當天'): what a seated candidate reads from the sitting's notice date — admission number (with a
Code128 barcode of it), venue address and map link, room, seat, each subject's time with any
approved extra minutes (附錄一), what to bring and the room rules.

`notice_for` / `notices_for` build the plain data (one query for many registrations);
`notices_pdf` prints any number of them into one PDF, a page each; `exam_notices_send` is the
daily job that e-mails and texts every seated candidate once the notice date has come."""

import datetime as dt
import io
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from skillcert.catalog.models import ExamSession, SubjectKind
from skillcert.catalog.selectors import notice_window
from skillcert.core import clock, pdf
from skillcert.examrecords.models import ExamNoticeSent
from skillcert.notifications.services import email_after_commit, sms_after_commit
from skillcert.registrations.models import Registration, RegistrationStatus, RegistrationSubject

from . import selectors
from .models import SeatAssignment
from .rules import LATE_ENTRY_MINUTES, NO_LEAVING_MINUTES


def what_to_bring() -> list[str]:
    """§3.4 1. 攜帶物品 (both brochures)."""
    return [
        _("身分證件：身分證或具照片與身分證字號之證件（未帶者不得入場）。"),
        _("文具：鉛筆、藍/黑色原子筆、橡皮擦、修正帶、尺。"),
        _("計算器：限考選部公告核定之國家考試電子計算器（核定型號請至考選部「國家考試電子計算器措施」頁面確認）。"),
        _("禁止攜帶：書籍、紙張、飲水、食物、手機、穿戴裝置及其他具傳輸、拍攝、記錄功能之器材；違者依規扣分。"),
    ]


def room_rules() -> list[str]:
    """§3.4 2. 試場規則, the lines the notice prints."""
    return [
        _("每節考試前 5 分鐘依試場外張貼之「考生座位圖」就座，並將身分證件置於座位標籤旁。"),
        _("考試開始後 %(late)s 分鐘內得准入場，逾時不得應試。") % {"late": LATE_ENTRY_MINUTES},
        _("每節考試開始後 %(stay)s 分鐘內不得離場。") % {"stay": NO_LEAVING_MINUTES},
        _("入場前請將手機關機；鑑定中手機發出聲響，該科扣 5 至 20 分，通聯者該科不予計分。"),
        _("冒名頂替或舞弊者取消應考資格。"),
    ]


@dataclass(frozen=True)
class NoticeLine:
    """One subject period of the notice."""

    subject: str
    day: str  # 民國 date
    time: str  # 09:00–10:35, with the extra minutes already added
    extra_minutes: int
    venue: str
    place: str  # room or practical batch
    seat: str


@dataclass(frozen=True)
class NoticeVenue:
    name: str
    address: str
    map_url: str
    contact: str


@dataclass
class ExamNotice:
    registration_id: int
    admission_number: str
    name: str
    session: str
    exam_date: str
    enlarged_paper: bool
    lines: list[NoticeLine] = field(default_factory=list)
    venues: list[NoticeVenue] = field(default_factory=list)
    not_held: list[str] = field(default_factory=list)  # practical subjects the sitting does not hold, why


def notice_opens_on(session: ExamSession) -> dt.date:
    """The notice date: `notice_days_before` days before the exam (catalog's milestone)."""
    return notice_window(session=session)[0]


def notice_is_open(session: ExamSession, *, today: dt.date | None = None) -> bool:
    return notice_opens_on(session) <= (today or clock.today())


def _time_span(starts_at, ends_at, extra_minutes: int) -> tuple[str, str]:
    if starts_at is None:
        return "", ""
    start = clock.local(starts_at)
    if ends_at is None:
        return clock.roc_date(start), f"{start:%H:%M}"
    end = clock.local(ends_at) + dt.timedelta(minutes=extra_minutes)
    return clock.roc_date(start), f"{start:%H:%M}–{end:%H:%M}"


def _line(seat: SeatAssignment) -> tuple[NoticeLine, object]:
    period = seat.period
    if seat.room_id:
        venue, place = seat.room.venue, seat.room.name
        starts_at, ends_at = period.starts_at, period.ends_at
    else:
        venue, place = seat.batch.venue, _("第 %(n)s 場") % {"n": seat.batch.number}
        starts_at, ends_at = seat.batch.starts_at or period.starts_at, seat.batch.ends_at or period.ends_at
    day, time = _time_span(starts_at, ends_at, seat.extra_minutes)
    line = NoticeLine(
        subject=f"{period.subject.code} {period.subject.name}",
        day=day or period.note,
        time=time,
        extra_minutes=seat.extra_minutes,
        venue=venue.name,
        place=place,
        seat=seat.seat_label,
    )
    return line, venue


def _not_held(registration: Registration, minimum: int) -> list[str]:
    """The registration's practical subjects without a batch in a sitting whose practical is not
    held, each with the reason the candidate is told."""
    seated = {seat.period.subject_id for seat in registration.seats.all()}
    return [
        _("%(subject)s：本梯次術科實作報考人數未達 %(minimum)s 人，不辦理。")
        % {"subject": f"{line.subject.code} {line.subject.name}", "minimum": minimum}
        for line in registration.practical_subjects
        if line.subject_id not in seated
    ]


def _notice(registration: Registration, minimum: int | None = None) -> ExamNotice:
    session = registration.session
    notice = ExamNotice(
        registration_id=registration.pk,
        admission_number=registration.admission_number or "",
        name=registration.candidate.name_zh,
        session=str(session),
        exam_date=clock.roc_date(session.exam_date),
        enlarged_paper=False,
    )
    seen = {}
    for seat in registration.seats.all():
        line, venue = _line(seat)
        notice.lines.append(line)
        notice.enlarged_paper |= seat.enlarged_paper
        if venue.pk not in seen:
            contact = " ".join(part for part in (venue.contact_name, venue.contact_phone) if part)
            seen[venue.pk] = NoticeVenue(venue.name, venue.address, venue.map_url, contact)
    notice.venues = list(seen.values())
    if minimum is not None:
        notice.not_held = _not_held(registration, minimum)
    return notice


def noticeable_registrations():
    """Paid registrations with their seats, ready to be turned into notices in one go."""
    seats = SeatAssignment.objects.select_related("period__subject", "room__venue", "batch__venue").order_by(
        "period__starts_at", "period__subject__number"
    )
    practical = RegistrationSubject.objects.filter(subject__kind=SubjectKind.PRACTICAL).select_related("subject")
    return (
        Registration.objects.filter(status=RegistrationStatus.PAID)
        .select_related("candidate", "session__level__brochure__item")
        .prefetch_related(
            Prefetch("seats", queryset=seats), Prefetch("subjects", queryset=practical, to_attr="practical_subjects")
        )
    )


def _ready(registration: Registration, without_practical: dict) -> bool:
    """Has the allocation reached this registration: an admission number, and a seat or a
    practical subject the sitting does not hold (which the notice tells)?"""
    if not registration.admission_number:
        return False
    return bool(registration.seats.all()) or bool(
        registration.session_id in without_practical and registration.practical_subjects
    )


def notice_for(registration: Registration) -> ExamNotice | None:
    """The notice of one registration, or None while it has no admission number or no seat yet
    (the allocation has not reached it) or is not paid. Does not check the notice date."""
    return next(iter(notices_for(noticeable_registrations().filter(pk=registration.pk))), None)


def notices_for(registrations) -> list[ExamNotice]:
    """Notices of many registrations (a queryset of `noticeable_registrations()` or a filter of
    it), skipping those not seated yet; ordered by admission number."""
    registrations = list(registrations)
    without = selectors.sittings_without_practical(session_ids={r.session_id for r in registrations})
    found = [r for r in registrations if _ready(r, without)]
    return [_notice(r, without.get(r.session_id)) for r in sorted(found, key=lambda r: r.admission_number)]


# -- PDF ------------------------------------------------------------------------------------

LEFT = 20 * mm
WIDTH = 170 * mm


@lru_cache(maxsize=256)
def _wrap(text: str, size: float, width: float = WIDTH) -> tuple[str, ...]:
    """Lines of `text` that fit `width` (the same rules are wrapped once per process)."""
    lines, current, used = [], "", 0.0
    for char in text:
        advance = stringWidth(char, pdf.CJK_FONT, size)
        if used + advance > width:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += advance
    return (*lines, current) if current else tuple(lines)


def _paragraphs(canvas, y: float, title: str, items: list[str], *, size: float = 10) -> float:
    canvas.setFont(pdf.CJK_FONT, 12)
    canvas.drawString(LEFT, y, title)
    y -= 16
    canvas.setFont(pdf.CJK_FONT, size)
    for number, item in enumerate(items, start=1):
        for part in _wrap(f"{number}. {item}", size):
            canvas.drawString(LEFT + 4 * mm, y, part)
            y -= size + 4
    return y - 6


def _draw_notice(canvas, notice: ExamNotice, *, page_height: float) -> None:
    y = page_height - 25 * mm
    canvas.setFont(pdf.CJK_FONT, 18)
    canvas.drawString(LEFT, y, _("考試通知"))
    canvas.setFont(pdf.CJK_FONT, 11)
    canvas.drawString(LEFT, y - 18, notice.session)
    barcode = Code128(notice.admission_number, barHeight=14 * mm, barWidth=0.3 * mm, humanReadable=True)
    barcode.drawOn(canvas, LEFT + WIDTH - barcode.width, y - 22)
    y -= 50
    canvas.setFont(pdf.CJK_FONT, 12)
    for label, value in (
        (_("考試通知碼"), notice.admission_number),
        (_("姓名"), notice.name),
        (_("考試日期"), notice.exam_date),
    ):
        canvas.drawString(LEFT, y, f"{label}{_('：')}{value}")
        y -= 18
    for venue in notice.venues:
        canvas.drawString(LEFT, y, f"{_('考場')}{_('：')}{venue.name}")
        y -= 16
        canvas.setFont(pdf.CJK_FONT, 10)
        for label, value in ((_("地址"), venue.address), (_("地圖"), venue.map_url), (_("考場聯絡"), venue.contact)):
            if value:
                canvas.drawString(LEFT + 4 * mm, y, f"{label}{_('：')}{value}")
                if value == venue.map_url:
                    canvas.linkURL(value, (LEFT, y - 2, LEFT + WIDTH, y + 10), relative=0)
                y -= 14
        canvas.setFont(pdf.CJK_FONT, 12)
    y -= 6
    columns = (
        (_("考科"), 0),
        (_("日期"), 50 * mm),
        (_("時間"), 78 * mm),
        (_("試場"), 118 * mm),
        (_("座號"), 158 * mm),
    )
    canvas.setFont(pdf.CJK_FONT, 10)
    for title, x in columns:
        canvas.drawString(LEFT + x, y, title)
    canvas.line(LEFT, y - 4, LEFT + WIDTH, y - 4)
    y -= 18
    for line in notice.lines:
        time = line.time + (f" (+{line.extra_minutes})" if line.extra_minutes else "")
        for value, (_title, x) in zip((line.subject, line.day, time, line.place, line.seat), columns, strict=True):
            canvas.drawString(LEFT + x, y, value[:20])
        y -= 16
    notes = []
    if any(line.extra_minutes for line in notice.lines):
        notes.append(_("經核准延長考試時間，上表結束時間已含延長分鐘數。"))
    if notice.enlarged_paper:
        notes.append(_("經核准使用 A3 放大試題。"))
    notes.extend(notice.not_held)
    for note in notes:
        canvas.drawString(LEFT, y, note)
        y -= 14
    y -= 10
    y = _paragraphs(canvas, y, _("應攜帶物品"), what_to_bring())
    _paragraphs(canvas, y, _("試場規則"), room_rules())


@lru_cache(maxsize=8)
def _fixed_wording(language: str) -> str:
    """Every character a notice always prints (in `language`): reserved first in each PDF, so
    every notice embeds the same first font subset, cut and compressed once per process."""
    labels = (
        _("考試通知"), _("考試通知碼"), _("姓名"), _("考試日期"), _("考場"), _("地址"), _("地圖"), _("考場聯絡"), _("：")
    )  # fmt: skip
    columns = (_("考科"), _("日期"), _("時間"), _("試場"), _("座號"), _("應攜帶物品"), _("試場規則"))
    text = "".join((*labels, *columns, *what_to_bring(), *room_rules(), "0123456789:–()+."))
    return "".join(dict.fromkeys(text))


def notices_pdf(notices: list[ExamNotice], *, title: str = "") -> bytes:
    """One PDF, a page per notice (a candidate's own, or a whole group's in one file)."""
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, title=title or _("考試通知"))
    pdf.reserve_glyphs(canvas, _fixed_wording(get_language() or ""))
    page_height = canvas._pagesize[1]
    for notice in notices:
        _draw_notice(canvas, notice, page_height=page_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- the daily job --------------------------------------------------------------------------


def _sessions_due(today: dt.date) -> list[ExamSession]:
    upcoming = ExamSession.objects.filter(exam_date__gte=today, is_cancelled=False)
    return [session for session in upcoming if notice_is_open(session, today=today)]


def notice_url(registration_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:exam_notice", args=[registration_id])


def _claim(registration: Registration) -> ExamNoticeSent | None:
    """The record of this notice, claimed by this run: created the first time, updated when it
    announced another exam date (the sitting was postponed since); None when another run has
    already told the candidate the current date."""
    exam_date = registration.session.exam_date
    now = clock.now()
    reissued = (
        ExamNoticeSent.objects.filter(registration=registration)
        .exclude(exam_date=exam_date)
        .update(exam_date=exam_date, sent_at=now, emailed=False, texted=False)
    )
    if reissued:
        return ExamNoticeSent.objects.get(registration=registration)
    if ExamNoticeSent.objects.filter(registration=registration).exists():
        return None
    return ExamNoticeSent.objects.create(registration=registration, sent_at=now, exam_date=exam_date)


def _tell(registration: Registration, notice: ExamNotice) -> ExamNoticeSent | None:
    candidate = registration.candidate
    record = _claim(registration)
    if record is None:
        return None
    url = notice_url(registration.pk)
    if candidate.user.email:
        email_after_commit(
            template="examday_notice",
            to=candidate.user.email,
            context={
                "name": notice.name, "session": notice.session, "admission_number": notice.admission_number,
                "exam_date": notice.exam_date, "url": url,
                "lines": [f"{x.subject} {x.day} {x.time} {x.venue} {x.place} {x.seat}" for x in notice.lines]
                + notice.not_held,
            },
        )  # fmt: skip
        record.emailed = True
    if candidate.mobile:
        body = _("iPAS 考試通知：%(session)s 考試通知碼 %(number)s，考場與座位請見 %(url)s") % {
            "session": notice.session, "number": notice.admission_number, "url": url,
        }  # fmt: skip
        sms_after_commit(to=candidate.mobile, body=body)
        record.texted = True
    record.save(update_fields=["emailed", "texted"])
    return record


def notices_due(session: ExamSession):
    """The seated, paid registrations of `session` not yet told its current exam date."""
    told = Q(exam_notice_sent__exam_date=F("session__exam_date"))
    return (
        noticeable_registrations()
        .filter(session=session, admission_number__isnull=False, seats__isnull=False)
        .exclude(told)
        .select_related("candidate__user")
        .distinct()
    )


def session_notices_send(session: ExamSession, *, today: dt.date | None = None) -> int:
    """Tell every seated, paid candidate of `session` its notice, if the notice date has come and
    the sitting is still to be held: each once per exam date (a postponement re-issues them).
    Each candidate's record and messages commit together (a savepoint inside a caller's
    transaction)."""
    today = today or clock.today()
    if session.is_cancelled or session.exam_date < today or not notice_is_open(session, today=today):
        return 0
    sent = 0
    sessions = _sessions_due(today)
    without_practical = selectors.sittings_without_practical(session_ids=[session.pk for session in sessions])
    for session in sessions:
        told = Q(seats__isnull=False)
        if session.pk in without_practical:
            told |= Q(subjects__subject__kind=SubjectKind.PRACTICAL)
        waiting = (
            noticeable_registrations()
            .filter(told, session=session, admission_number__isnull=False, exam_notice_sent__isnull=True)
            .select_related("candidate__user")
            .distinct()
        )
        for registration in waiting.iterator(chunk_size=500):
            try:
                with transaction.atomic():
                    _tell(registration, _notice(registration, without_practical.get(session.pk)))
            except IntegrityError:
                continue  # another run told this candidate first
            sent += 1
    for registration in notices_due(session).iterator(chunk_size=500):
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                told = _tell(registration, _notice(registration))
        except IntegrityError:
            continue  # another run told this candidate first
        sent += told is not None
    return sent


def exam_notices_send(*, today: dt.date | None = None) -> int:
    """考試通知 on the notice date (and every later day until the exam, for candidates seated
    late): e-mail and SMS each seated, paid candidate once per exam date. Safe to run twice: a
    registration whose `ExamNoticeSent` row announced the current date is skipped, and the row
    and its messages commit together."""
    today = today or clock.today()
    return sum(session_notices_send(session, today=today) for session in _sessions_due(today))
