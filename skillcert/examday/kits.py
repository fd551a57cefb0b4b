"""Room kits 試場資料袋 (brochures §3.4 2.; 附錄一): what the venue staff print for each room of a
sitting — the seat chart 考生座位圖 posted at the door (names masked, as on the public
verification page), desk labels 座位標籤, the sign-in sheet 簽到表 with an ID-check column, the
attendance list 到考紀錄表 and the incident report form 試場偶發事件紀錄表. `room_kit_pdf` prints one
room; `venue_kit_pdf` every room of a venue in one file."""

import io
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from skillcert.catalog.models import ExamSession, Venue
from skillcert.certificates.rules import mask_name
from skillcert.core import clock, pdf

from .models import Room, SeatAssignment
from .rules import seat_label

MARGIN = 15 * mm
BOX = "□"  # U+25A1: in the embedded font (U+2610 is not)


@dataclass(frozen=True)
class KitSeat:
    row: int
    column: int
    label: str
    admission_number: str
    name: str
    extra_minutes: int
    enlarged_paper: bool


@dataclass
class KitPeriod:
    """One subject period in one room, its seats in seat order."""

    room: Room
    subject: str
    when: str
    seats: list[KitSeat]


def room_periods(*, session: ExamSession, rooms) -> list[KitPeriod]:
    """Every subject period of `session` held in `rooms`, with its seated candidates (one query)."""
    seats = (
        SeatAssignment.objects.filter(room__in=rooms, period__session=session)
        .select_related("registration__candidate", "period__subject", "room__venue")
        .order_by("room__position", "room__name", "period__starts_at", "period__subject__number", "row", "column")
    )
    periods: dict[tuple[int, int], KitPeriod] = {}
    for seat in seats:
        key = (seat.room_id, seat.period_id)
        if key not in periods:
            period = seat.period
            when = clock.roc_datetime(period.starts_at) if period.starts_at else period.note
            periods[key] = KitPeriod(seat.room, f"{period.subject.code} {period.subject.name}", when, [])
        periods[key].seats.append(
            KitSeat(
                row=seat.row,
                column=seat.column,
                label=seat.seat_label,
                admission_number=seat.registration.admission_number or "",
                name=seat.registration.candidate.name_zh,
                extra_minutes=seat.extra_minutes,
                enlarged_paper=seat.enlarged_paper,
            )  # fmt: skip
        )
    return list(periods.values())


class _Pages:
    """A canvas that knows its page size and where the next line goes."""

    def __init__(self, canvas):
        self.canvas = canvas

    def start(self, title: str, subtitle: str, *, wide: bool = False) -> float:
        size = landscape(A4) if wide else A4
        self.canvas.setPageSize(size)
        self.width, self.height = size
        self.canvas.setFont(pdf.CJK_FONT, 16)
        self.canvas.drawString(MARGIN, self.height - MARGIN - 6, title)
        self.canvas.setFont(pdf.CJK_FONT, 10)
        self.canvas.drawString(MARGIN, self.height - MARGIN - 22, subtitle)
        return self.height - MARGIN - 44

    def end(self) -> None:
        self.canvas.showPage()

    def table(self, y: float, *, title: str, subtitle: str, columns, rows, row_height: float = 22) -> None:
        """Columns are (heading, width in mm); rows are lists of strings; new pages as needed."""
        canvas = self.canvas

        def heading(y):
            canvas.setFont(pdf.CJK_FONT, 10)
            x = MARGIN
            for text, width in columns:
                canvas.drawString(x + 2, y, text)
                x += width * mm
            canvas.line(MARGIN, y - 6, x, y - 6)
            return y - row_height

        y = heading(y)
        for row in rows:
            if y < MARGIN + row_height:
                self.end()
                y = heading(self.start(title, subtitle))
            x = MARGIN
            for value, (_heading, width) in zip(row, columns, strict=True):
                canvas.drawString(x + 2, y, value)
                x += width * mm
            canvas.line(MARGIN, y - 8, x, y - 8)
            y -= row_height
        self.end()


def _subtitle(period: KitPeriod) -> str:
    room = period.room
    return f"{room.venue.name} {room.name} · {period.subject} · {period.when}"


def _seat_chart(pages: _Pages, period: KitPeriod) -> None:
    """考生座位圖 for the door: rows from the front, columns from the door side; names masked."""
    room = period.room
    y_top = pages.start(_("考生座位圖"), _subtitle(period), wide=True)
    canvas = pages.canvas
    canvas.setFont(pdf.CJK_FONT, 10)
    canvas.drawCentredString(pages.width / 2, y_top, _("講臺（前方）"))
    by_place = {(seat.row, seat.column): seat for seat in period.seats}
    cell_w = (pages.width - 2 * MARGIN) / room.columns
    cell_h = min(60.0, (y_top - 12 - MARGIN) / room.rows)
    top = y_top - 12
    for row in range(1, room.rows + 1):
        for column in range(1, room.columns + 1):
            x, y = MARGIN + (column - 1) * cell_w, top - row * cell_h
            canvas.rect(x, y, cell_w, cell_h)
            seat = by_place.get((row, column))
            lines = [seat_label(row=row, column=column)]
            if seat:
                lines += [seat.admission_number, mask_name(seat.name)]
            size = min(9.0, cell_h / 4)
            canvas.setFont(pdf.CJK_FONT, size)
            for n, text in enumerate(lines):
                canvas.drawString(x + 3, y + cell_h - (n + 1) * (size + 2), text)
    pages.end()


def _desk_labels(pages: _Pages, period: KitPeriod) -> None:
    """座位標籤: two columns of seven labels per page, each with seat, admission number, name."""
    per_page, label_h = 14, 38 * mm
    label_w = (A4[0] - 2 * MARGIN) / 2
    for start in range(0, len(period.seats), per_page):
        top = pages.start(_("座位標籤"), _subtitle(period))
        canvas = pages.canvas
        for n, seat in enumerate(period.seats[start : start + per_page]):
            x = MARGIN + (n % 2) * label_w
            y = top - (n // 2 + 1) * label_h
            canvas.rect(x, y, label_w - 4, label_h - 4)
            canvas.setFont(pdf.CJK_FONT, 18)
            canvas.drawString(x + 8, y + label_h - 26, f"{_('座號')} {seat.label}")
            canvas.setFont(pdf.CJK_FONT, 11)
            canvas.drawString(x + 8, y + label_h - 44, f"{_('考試通知碼')}{_('：')}{seat.admission_number}")
            canvas.drawString(x + 8, y + label_h - 60, f"{_('姓名')}{_('：')}{seat.name}")
            needs = []
            if seat.extra_minutes:
                needs.append(_("延長 %(m)s 分鐘") % {"m": seat.extra_minutes})
            if seat.enlarged_paper:
                needs.append(_("A3 放大試題"))
            if needs:
                canvas.drawString(x + 8, y + label_h - 76, "、".join(needs))
        pages.end()


def _sign_in(pages: _Pages, period: KitPeriod) -> None:
    columns = ((_("座號"), 18), (_("考試通知碼"), 38), (_("姓名"), 34), (_("身分證件核對"), 28), (_("考生簽名"), 62))
    rows = [[s.label, s.admission_number, s.name, BOX, ""] for s in period.seats]
    title = _("考生簽到表")
    subtitle = _subtitle(period)
    pages.table(pages.start(title, subtitle), title=title, subtitle=subtitle, columns=columns, rows=rows)


def _attendance(pages: _Pages, period: KitPeriod) -> None:
    columns = (
        (_("座號"), 18), (_("考試通知碼"), 38), (_("姓名"), 34), (_("到考"), 14), (_("缺考"), 14),
        (_("逾時拒絕入場"), 26), (_("備註"), 36),
    )  # fmt: skip
    rows = [[s.label, s.admission_number, s.name, BOX, BOX, BOX, ""] for s in period.seats]
    title = _("到考紀錄表")
    subtitle = _subtitle(period)
    y = pages.start(title, subtitle)
    pages.canvas.drawString(
        MARGIN, y, _("應到 %(n)s 人　實到＿＿人　缺考＿＿人　監試人員簽名＿＿＿＿＿＿") % {"n": len(period.seats)}
    )
    pages.table(y - 20, title=title, subtitle=subtitle, columns=columns, rows=rows)


def _incident_form(pages: _Pages, room: Room, subjects: list[str]) -> None:
    y = pages.start(_("試場偶發事件紀錄表"), f"{room.venue.name} {room.name}")
    canvas = pages.canvas
    canvas.setFont(pdf.CJK_FONT, 11)
    fields = [
        _("考科") + _("：") + " / ".join(f"{BOX} {s}" for s in subjects),
        _("發生時間：＿＿時＿＿分"),
        _("考生座號：＿＿＿＿　考試通知碼：＿＿＿＿＿＿＿＿　姓名：＿＿＿＿＿＿"),
        _("事件類別："),
        f"　{BOX} " + _("電子設備發出聲響（該科扣 5 至 20 分，扣＿＿分）"),
        f"　{BOX} " + _("交談或傳遞（該科不予計分）"),
        f"　{BOX} " + _("冒名頂替或舞弊（取消應考資格）"),
        f"　{BOX} " + _("疑義考題（題號＿＿＿，依疑義考題處理須知記錄）"),
        f"　{BOX} " + _("其他"),
        _("事件經過："),
    ]
    for text in fields:
        canvas.drawString(MARGIN, y, text)
        y -= 22
    for _line in range(6):
        canvas.line(MARGIN, y, pages.width - MARGIN, y)
        y -= 24
    y -= 10
    for text in (
        _("處理結果："),
        _("監試人員簽名：＿＿＿＿＿＿＿＿　考生簽名：＿＿＿＿＿＿＿＿　試務主任：＿＿＿＿＿＿"),
    ):
        canvas.drawString(MARGIN, y, text)
        y -= 40
    pages.end()


def _kit(periods: list[KitPeriod], *, title: str) -> bytes:
    buffer = io.BytesIO()
    pages = _Pages(pdf.new_canvas(buffer, title=title))
    by_room: dict[int, list[KitPeriod]] = defaultdict(list)
    for period in periods:
        by_room[period.room.pk].append(period)
    for room_periods_ in by_room.values():
        for period in room_periods_:
            _seat_chart(pages, period)
            _desk_labels(pages, period)
            _sign_in(pages, period)
            _attendance(pages, period)
        _incident_form(pages, room_periods_[0].room, [p.subject for p in room_periods_])
    if not by_room:
        pages.start(title, _("此試場本梯次沒有安排考生。"))
        pages.end()
    pages.canvas.save()
    return buffer.getvalue()


def room_kit_pdf(*, session: ExamSession, room: Room) -> bytes:
    return _kit(room_periods(session=session, rooms=[room]), title=f"{session} {room}")


def venue_kit_pdf(*, session: ExamSession, venue: Venue) -> bytes:
    return _kit(room_periods(session=session, rooms=venue.rooms.all()), title=f"{session} {venue}")


def session_rooms(*, session: ExamSession) -> list[tuple[Room, list]]:
    """The rooms holding candidates of `session`, by venue, each with its subject periods (for
    the back office's kit downloads and roll call links)."""
    seats = (
        SeatAssignment.objects.filter(period__session=session, room__isnull=False)
        .values_list("room_id", "period_id")
        .distinct()
    )
    periods_by_room: dict[int, set[int]] = defaultdict(set)
    for room_id, period_id in seats:
        periods_by_room[room_id].add(period_id)
    timetable = {p.pk: p for p in session.timetable.select_related("subject")}
    rooms = Room.objects.filter(pk__in=periods_by_room).select_related("venue__region")
    ordered = sorted(rooms, key=lambda r: (r.venue.region.name, r.venue.name, r.position, r.name))
    return [
        (
            room,
            sorted((timetable[p] for p in periods_by_room[room.pk]), key=lambda p: (p.starts_at is None, p.starts_at)),
        )
        for room in ordered
    ]
