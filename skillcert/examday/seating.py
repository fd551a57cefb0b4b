"""The seat allocation as a pure function (SPEC §9; 附錄一; §3.4 2.(1)A 考生座位圖): plain values in,
seats out, no database. `examday.services.session_allocate_seats` feeds it one sitting.

A candidate here is one registration for one kind of room (computer, paper, or a practical
venue's batches): they keep that seat for every subject of that kind that day. Rules, in order:

1. A seat already held stays held while it still fits (stable re-runs): same region, a room
   still in use and open to the candidate, the seat inside the room, every approved need met.
   Only candidates whose seat no longer fits, and new ones, are placed.
2. Approved needs are honoured, never approximated (附錄一): extra time → an extended-time room;
   ground floor / lift → an accessible room; 最後一排 → the last row; 輪椅座 → the last row at
   the end of it, in an accessible room. Candidates with needs are placed first.
3. A group with a dedicated venue 專屬考場 sits there first; nobody else sits there.
4. Members of one group are not seated side by side (same row, next column) while the room
   has another free seat: the others are interleaved across groups and each takes the first
   free seat with no group-mate beside it. In a room with at least three seats per candidate
   this always succeeds (each seated member rules out itself and its two neighbours).
5. Rooms fill in the order given (venue, then room), so few rooms are opened; extended-time
   rooms take other candidates only when the regular rooms are full.
6. Whoever cannot be placed is counted in the shortfall by (region, need); the caller writes
   nothing then.
"""

from collections import Counter
from dataclasses import dataclass, field

LAST_ROW_CHAIR = "last_row_chair"  # registrations.models.SeatChoice values
LAST_ROW_WHEELCHAIR = "last_row_wheelchair"


@dataclass(frozen=True)
class RoomSeats:
    id: int
    region_id: int
    kind: str
    rows: int
    columns: int
    accessible: bool = False
    extended_time: bool = False
    group_id: int | None = None  # dedicated to this group; None: open to the region


@dataclass(frozen=True)
class Needs:
    extra_minutes: int = 0
    accessible: bool = False
    seat: str = ""

    @property
    def label(self) -> str:
        """The most demanding need, as the shortfall report counts it."""
        if self.seat == LAST_ROW_WHEELCHAIR:
            return "wheelchair"
        if self.seat:
            return "last_row"
        if self.extra_minutes:
            return "extra_time"
        if self.accessible:
            return "accessible"
        return "none"

    @property
    def weight(self) -> int:
        return 4 * bool(self.seat) + 2 * bool(self.extra_minutes) + bool(self.accessible)


NO_NEEDS = Needs()


@dataclass(frozen=True)
class Candidate:
    key: object
    region_id: int
    kind: str
    group_id: int | None = None
    needs: Needs = NO_NEEDS


Seat = tuple[int, int, int]  # room id, row (1 = front), column (1 = door side)


def room_fits(room: RoomSeats, candidate: Candidate) -> bool:
    """May the candidate sit in this room at all (kind, region or dedication, room-level needs)?"""
    if room.kind != candidate.kind:
        return False
    if room.group_id is not None:
        if room.group_id != candidate.group_id:
            return False
    elif room.region_id != candidate.region_id:
        return False
    needs = candidate.needs
    if needs.extra_minutes and not room.extended_time:
        return False
    return not ((needs.accessible or needs.seat == LAST_ROW_WHEELCHAIR) and not room.accessible)


def seat_fits(room: RoomSeats, row: int, column: int, needs: Needs) -> bool:
    """Is this seat inside the room and where the approved seat position asks (附錄一 4.)?"""
    if not (1 <= row <= room.rows and 1 <= column <= room.columns):
        return False
    if needs.seat and row != room.rows:
        return False
    return not (needs.seat == LAST_ROW_WHEELCHAIR and column not in (1, room.columns))


def need_met(room: RoomSeats, seat: Seat, candidate: Candidate) -> bool:
    return room.id == seat[0] and room_fits(room, candidate) and seat_fits(room, seat[1], seat[2], candidate.needs)


@dataclass
class Allocation:
    seats: dict = field(default_factory=dict)  # candidate key → Seat
    kept: set = field(default_factory=set)
    moved: set = field(default_factory=set)  # had a seat that no longer fits, given another
    placed: set = field(default_factory=set)  # had no seat, given one
    shortfall: Counter = field(default_factory=Counter)  # (region id, need label) → candidates


class _Room:
    """A room's free seats (front to back, door side first) and who sits where."""

    def __init__(self, spec: RoomSeats):
        self.spec = spec
        self.free = [(r, c) for r in range(1, spec.rows + 1) for c in range(1, spec.columns + 1)]
        self.taken: dict[tuple[int, int], int | None] = {}

    def take(self, row: int, column: int, group_id) -> None:
        self.free.remove((row, column))
        self.taken[(row, column)] = group_id

    def beside_groupmate(self, row: int, column: int, group_id) -> bool:
        if group_id is None:
            return False
        return self.taken.get((row, column - 1), -1) == group_id or self.taken.get((row, column + 1), -1) == group_id

    def best_seat(self, candidate: Candidate) -> tuple[int, int] | None:
        needs, fallback = candidate.needs, None
        for row, column in self._places(needs):
            if not seat_fits(self.spec, row, column, needs):
                continue
            if not self.beside_groupmate(row, column, candidate.group_id):
                return row, column
            fallback = fallback or (row, column)
        return fallback

    def _places(self, needs: Needs):
        if needs.seat:  # only the last row can do: look there, back of the list
            last = self.spec.rows
            return [seat for seat in reversed(self.free) if seat[0] == last][::-1]
        return self.free


def _spread(candidates: list[Candidate]) -> list[Candidate]:
    """Most constrained first; then groups interleaved (the i-th of n members at (i + ½)/n),
    so that neighbours in the filling order mostly belong to different groups."""
    counts = Counter(c.group_id for c in candidates)
    index: Counter = Counter()
    keyed = []
    for c in candidates:
        i = index[c.group_id]
        index[c.group_id] += 1
        keyed.append((-c.needs.weight, (i + 0.5) / counts[c.group_id], c))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in keyed]


def allocate(*, rooms: list[RoomSeats], candidates: list[Candidate], current: dict | None = None) -> Allocation:
    """Seat `candidates` in `rooms` (in fill order), keeping `current` seats {key: Seat} that
    still fit. Returns the seats of everyone placed, who was kept, moved or newly placed, and
    the shortfall; when the shortfall is not empty the caller must write nothing."""
    current = current or {}
    state = {spec.id: _Room(spec) for spec in rooms}
    result = Allocation()
    to_place = []
    for candidate in candidates:
        seat = current.get(candidate.key)
        room = state.get(seat[0]) if seat else None
        if room and need_met(room.spec, seat, candidate) and (seat[1], seat[2]) not in room.taken:
            room.take(seat[1], seat[2], candidate.group_id)
            result.seats[candidate.key] = seat
            result.kept.add(candidate.key)
        else:
            to_place.append(candidate)
    dedicated_groups = {spec.group_id for spec in rooms if spec.group_id is not None}
    by_pool: dict[tuple, list[_Room]] = {}
    for room in state.values():
        pool = ("group", room.spec.group_id) if room.spec.group_id is not None else ("region", room.spec.region_id)
        by_pool.setdefault((*pool, room.spec.kind), []).append(room)
    for pool in by_pool.values():  # regular rooms first, extended-time rooms last (stable sort)
        pool.sort(key=lambda room: room.spec.extended_time)
    for candidate in _spread(to_place):
        pools = []
        if candidate.group_id in dedicated_groups:
            pools.append(by_pool.get(("group", candidate.group_id, candidate.kind), []))
        pools.append(by_pool.get(("region", candidate.region_id, candidate.kind), []))
        seat = _place(candidate, pools)
        if seat is None:
            result.shortfall[(candidate.region_id, candidate.needs.label)] += 1
            continue
        result.seats[candidate.key] = seat
        (result.moved if candidate.key in current else result.placed).add(candidate.key)
    return result


def _place(candidate: Candidate, pools: list[list[_Room]]) -> Seat | None:
    for pool in pools:
        while pool and not pool[0].free:  # rooms fill front to back: drop the full ones
            del pool[0]
        for room in pool:
            if not room.free or not room_fits(room.spec, candidate):
                continue
            found = room.best_seat(candidate)
            if found:
                room.take(*found, candidate.group_id)
                return (room.spec.id, *found)
    return None
