"""Pure exam-day rules, each naming the brochure section it implements; no database."""

from django.utils.translation import gettext as _

EXTRA_MINUTES_MAX = 20  # 附錄一 1. 考試時間: '依一般考試時間再延長至多20分鐘'
LATE_ENTRY_MINUTES = 20  # §3.4 2.(1)B: '考試開始後20分鐘內得准入場，逾時不得應試'
NO_LEAVING_MINUTES = 30  # §3.4 2.(1)C: '每節考試開始後30分鐘內，不准離場'


def room_problems(
    *, rows: int, columns: int, capacity: int, floor: int, accessible: bool, venue_has_lift: bool
) -> list[str]:
    """What is wrong with a room as staff typed it (empty when nothing). The capacity is the
    number of seats on the seat chart 考生座位圖 (§3.4 2.(1)A), so it must equal rows × columns;
    an accessible room (附錄一 3. '安排在一樓或有電梯層樓') is on the ground floor or in a venue with
    a lift."""
    problems = []
    if rows < 1 or columns < 1:
        problems.append(_("試場至少要有一排、每排至少一個座位。"))
    elif capacity != rows * columns:
        problems.append(
            _("容量 %(capacity)s 與座位數不符：%(rows)s 排 × 每排 %(columns)s 位 = %(seats)s 位。")
            % {"capacity": capacity, "rows": rows, "columns": columns, "seats": rows * columns}
        )
    if accessible and floor != 1 and not venue_has_lift:
        problems.append(_("此試場在 %(floor)s 樓且考場沒有電梯，不能標示為無障礙試場。") % {"floor": floor})
    return problems


def seat_label(*, row: int, column: int) -> str:
    """座號 as printed: the row as a letter from the front (A, B, …, Z, AA …) and the column as
    two digits, e.g. row 3 column 7 → 'C07'."""
    letters = ""
    n = row
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{column:02d}"


def allocation_may_run(*, now, registration_closes, group_registration_closes) -> bool:
    """Seats are given once nobody can register any more (brochure 115 §3.2-3: '報名截止後 …
    不得要求更換報考科目及考場'): once both the individual and the group windows have closed
    (closed at their closing instant, `core.clock.Window`)."""
    return now >= max(registration_closes, group_registration_closes)
