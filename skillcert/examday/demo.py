"""Demo venues, rooms and practical batches for every region both brochures name (115 SPE §2.3:
台北 桃園 台中 虎尾 高雄 金門, 澎湖 only in the 1st sitting, 屏東 only in the 2nd; 113 MDMT §2.3:
台北 台中 虎尾 高雄), enough seats for the demo sittings' quotas (SPE 初級 1,000, 中級 200; MDMT
初級 1,500, 中級 300). Venue names and addresses are the real universities of those towns; rooms,
floors and sizes are invented and staff correct them in the back office. Practical batches:
brochure 115 '術科實作分2梯次(4小時)' at 國立臺北科技大學 and 國立高雄科技大學, 30 workstations each
(the catalog's 60 seats per venue); their dates are announced later, so no times are loaded.
Loaded by `manage.py load_demo` after the brochures; running it again changes nothing."""

from urllib.parse import quote

from django.db import transaction

from skillcert.catalog.models import ExamSession, Region, SeatPool, SubjectKind, Venue

from .models import PracticalBatch, Room, RoomKind

# region → [(venue, address, has lift, [(room, kind, floor, rows, columns, accessible, extended)])]
C, P = RoomKind.COMPUTER, RoomKind.PAPER


def _standard(prefix: int, *, computer: int, paper: int) -> list[tuple]:
    """`computer` rooms of 8 × 6 and `paper` rooms of 9 × 6: the first on the ground floor
    (accessible), the last computer room for extended time."""
    rooms = []
    for n in range(computer):
        floor = 1 if n == 0 else 2 + n // 3
        rooms.append((f"電腦教室 {floor}{prefix + n:02d}", C, floor, 8, 6, n == 0, n == computer - 1))
    for n in range(paper):
        floor = 1 if n == 0 else 3
        rooms.append((f"普通教室 {floor}{prefix + 50 + n:02d}", P, floor, 9, 6, n == 0, False))
    return rooms


VENUES = {
    "台北": [
        ("國立臺北科技大學", "10608 臺北市大安區忠孝東路三段1號", True, _standard(10, computer=8, paper=6)),
        ("國立臺灣科技大學", "106335 臺北市大安區基隆路四段43號", True, _standard(20, computer=6, paper=5)),
    ],
    "桃園": [("國立中央大學", "320317 桃園市中壢區中大路300號", True, _standard(10, computer=4, paper=1))],
    "台中": [
        ("國立勤益科技大學", "411030 臺中市太平區中山路二段57號", True, _standard(10, computer=5, paper=5)),
        ("國立臺中科技大學", "404336 臺中市北區三民路三段129號", True, _standard(20, computer=4, paper=4)),
    ],
    "虎尾": [("國立虎尾科技大學", "632301 雲林縣虎尾鎮文化路64號", True, _standard(10, computer=6, paper=5))],
    "高雄": [
        ("國立高雄科技大學", "80778 高雄市三民區建工路415號", True, _standard(10, computer=6, paper=5)),
        ("正修科技大學", "833301 高雄市鳥松區澄清路840號", True, _standard(20, computer=4, paper=4)),
    ],
    "屏東": [("國立屏東科技大學", "912301 屏東縣內埔鄉學府路1號", True, _standard(10, computer=3, paper=1))],
    "金門": [("國立金門大學", "892009 金門縣金寧鄉大學路1號", False, _standard(10, computer=2, paper=1))],
    "澎湖": [("國立澎湖科技大學", "880011 澎湖縣馬公市六合路300號", False, _standard(10, computer=2, paper=1))],
}
BATCHES = 2
WORKSTATIONS = 30


def map_link(name: str) -> str:
    """A map search for the venue (the postcode and street, which percent-encode long, are left
    out: the university's name finds it)."""
    return f"https://www.google.com/maps/search/?api=1&query={quote(name)}"


def load_venues() -> dict[str, int]:
    """Create or refresh the demo venues, rooms and practical batches; returns counts."""
    counts = {"venues": 0, "rooms": 0, "batches": 0}
    with transaction.atomic():
        for region_name, venues in VENUES.items():
            region, _ = Region.objects.get_or_create(name=region_name)
            for name, address, has_lift, rooms in venues:
                venue, _ = Venue.objects.update_or_create(
                    region=region,
                    name=name,
                    defaults={"address": address, "map_url": map_link(name), "has_lift": has_lift,
                              "contact_name": "試務中心"},
                )  # fmt: skip
                counts["venues"] += 1
                for position, (room, kind, floor, rows, columns, accessible, extended) in enumerate(rooms):
                    Room.objects.update_or_create(
                        venue=venue,
                        name=room,
                        defaults={"kind": kind, "floor": floor, "rows": rows, "columns": columns,
                                  "capacity": rows * columns, "accessible": accessible or has_lift,
                                  "extended_time": extended, "position": position},
                    )  # fmt: skip
                    counts["rooms"] += 1
        for pool in SeatPool.objects.filter(kind=SubjectKind.PRACTICAL, venue__isnull=False).select_related("session"):
            counts["batches"] += _batches(pool.session, pool.venue_id)
    return counts


def _batches(session: ExamSession, venue_id: int) -> int:
    for number in range(1, BATCHES + 1):
        PracticalBatch.objects.update_or_create(
            session=session, venue_id=venue_id, number=number, defaults={"capacity": WORKSTATIONS}
        )
    return BATCHES
