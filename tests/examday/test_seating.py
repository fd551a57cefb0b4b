"""Properties of the pure allocator (examday.seating), checked on random sittings."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.examday.seating import (
    LAST_ROW_CHAIR,
    LAST_ROW_WHEELCHAIR,
    Candidate,
    Needs,
    RoomSeats,
    allocate,
    need_met,
)

REGIONS = (1, 2)
KINDS = ("computer", "paper")
GROUPS = (None, None, 10, 11, 12)

needs_st = st.one_of(
    st.just(Needs()),
    st.builds(
        Needs,
        extra_minutes=st.sampled_from((0, 0, 10, 20)),
        accessible=st.booleans(),
        seat=st.sampled_from(("", "", LAST_ROW_CHAIR, LAST_ROW_WHEELCHAIR)),
    ),
)


@st.composite
def sittings(draw, *, with_needs=True, dedicated=True):
    specs = draw(
        st.lists(
            st.tuples(
                st.sampled_from(REGIONS), st.sampled_from(KINDS), st.integers(1, 5), st.integers(1, 6),
                st.booleans(), st.booleans(),
                st.sampled_from((None, None, None, 10)) if dedicated else st.just(None),
            ),
            max_size=8,
        )
    )  # fmt: skip
    rooms = [
        RoomSeats(id=i, region_id=r, kind=k, rows=rows, columns=cols, accessible=acc, extended_time=ext, group_id=g)
        for i, (r, k, rows, cols, acc, ext, g) in enumerate(specs, start=1)
    ]
    people = draw(
        st.lists(
            st.tuples(
                st.sampled_from(REGIONS), st.sampled_from(KINDS), st.sampled_from(GROUPS),
                needs_st if with_needs else st.just(Needs()),
            ),
            max_size=70,
        )
    )  # fmt: skip
    candidates = [Candidate(key=i, region_id=r, kind=k, group_id=g, needs=n) for i, (r, k, g, n) in enumerate(people)]
    return rooms, candidates


def _check_valid(rooms, candidates, result):
    by_id = {room.id: room for room in rooms}
    used = Counter(result.seats.values())
    assert all(count == 1 for count in used.values()), "a seat used twice"
    per_room = Counter(seat[0] for seat in result.seats.values())
    assert all(per_room[room.id] <= room.rows * room.columns for room in rooms), "capacity exceeded"
    for candidate in candidates:
        seat = result.seats.get(candidate.key)
        if seat is not None:
            assert need_met(by_id[seat[0]], seat, candidate), (candidate, seat)
    assert len(result.seats) + sum(result.shortfall.values()) == len(candidates)


@settings(max_examples=150, deadline=None)
@given(sittings())
def test_no_seat_twice_no_room_over_capacity_every_need_honoured(sitting):
    rooms, candidates = sitting
    _check_valid(rooms, candidates, allocate(rooms=rooms, candidates=candidates))


def _honoured(room: RoomSeats, row: int, column: int, candidate: Candidate) -> bool:
    """附錄一 read again, independently of the allocator's own `need_met`: the seat exists, the
    room is of the candidate's kind and region (or dedicated to their group), and each approved
    need is met by the room and the seat."""
    needs = candidate.needs
    place = room.group_id == candidate.group_id if room.group_id is not None else room.region_id == candidate.region_id
    return all(
        (
            1 <= row <= room.rows and 1 <= column <= room.columns,
            room.kind == candidate.kind and place,
            room.extended_time or not needs.extra_minutes,
            room.accessible or not (needs.accessible or needs.seat == LAST_ROW_WHEELCHAIR),
            row == room.rows or not needs.seat,  # 最後一排, and the wheelchair seat too
            column in (1, room.columns) or needs.seat != LAST_ROW_WHEELCHAIR,
        )
    )


@settings(max_examples=150, deadline=None)
@given(sittings(), st.data())
def test_every_need_is_really_honoured_and_stays_so_on_reruns(sitting, data):
    rooms, candidates = sitting
    by_id = {room.id: room for room in rooms}
    first = allocate(rooms=rooms, candidates=candidates)
    # a few candidates get an approved need after the first run; the re-run must honour it too
    later = list(candidates)
    for index in data.draw(st.sets(st.integers(0, max(len(candidates) - 1, 0)), max_size=4)) if candidates else ():
        c = later[index]
        later[index] = Candidate(c.key, c.region_id, c.kind, c.group_id, data.draw(needs_st))
    for run, people in ((first, candidates), (allocate(rooms=rooms, candidates=later, current=first.seats), later)):
        assert len(set(run.seats.values())) == len(run.seats), "a seat used twice"
        for candidate in people:
            if candidate.key in run.seats:
                room_id, row, column = run.seats[candidate.key]
                assert _honoured(by_id[room_id], row, column, candidate), (candidate, run.seats[candidate.key])
        seated_per_room = Counter(seat[0] for seat in run.seats.values())
        assert all(seated_per_room[room.id] <= room.rows * room.columns for room in rooms)


@settings(max_examples=150, deadline=None)
@given(sittings())
def test_only_the_dedicated_group_sits_in_a_dedicated_room(sitting):
    rooms, candidates = sitting
    result = allocate(rooms=rooms, candidates=candidates)
    dedicated = {room.id: room.group_id for room in rooms if room.group_id is not None}
    for candidate in candidates:
        seat = result.seats.get(candidate.key)
        if seat and seat[0] in dedicated:
            assert candidate.group_id == dedicated[seat[0]]


@settings(max_examples=150, deadline=None)
@given(sittings(), st.data())
def test_a_rerun_keeps_everyone_who_did_not_change(sitting, data):
    rooms, candidates = sitting
    first = allocate(rooms=rooms, candidates=candidates)
    again = allocate(rooms=rooms, candidates=candidates, current=first.seats)
    assert again.seats == first.seats and not again.moved and not again.placed
    changed = set(data.draw(st.sets(st.sampled_from([c.key for c in candidates]), max_size=5))) if candidates else set()
    later = [
        Candidate(c.key, REGIONS[1] if c.region_id == REGIONS[0] else REGIONS[0], c.kind, c.group_id, c.needs)
        if c.key in changed
        else c
        for c in candidates
    ]
    third = allocate(rooms=rooms, candidates=later, current=first.seats)
    _check_valid(rooms, later, third)
    for candidate in later:
        if candidate.key not in changed and candidate.key in first.seats:
            assert third.seats[candidate.key] == first.seats[candidate.key]
            assert candidate.key in third.kept
    assert third.moved <= changed


@settings(max_examples=150, deadline=None)
@given(sittings(with_needs=False, dedicated=False))
def test_group_members_are_not_side_by_side_where_the_room_allows(sitting):
    rooms, candidates = sitting
    result = allocate(rooms=rooms, candidates=candidates)
    group_at = {seat: c.group_id for c in candidates if (seat := result.seats.get(c.key))}
    per_room = Counter(seat[0] for seat in result.seats.values())
    for room in rooms:
        if room.rows * room.columns < 3 * per_room[room.id]:
            continue  # too full for the promise: everyone seated beats spacing
        for (room_id, row, column), group in group_at.items():
            if room_id == room.id and group is not None:
                assert group_at.get((room_id, row, column + 1)) != group


def test_the_shortfall_names_region_and_need():
    rooms = [RoomSeats(id=1, region_id=1, kind="computer", rows=1, columns=2)]
    candidates = [
        Candidate(key=1, region_id=1, kind="computer"),
        Candidate(key=2, region_id=1, kind="computer", needs=Needs(extra_minutes=20)),
        Candidate(key=3, region_id=2, kind="computer"),
    ]
    result = allocate(rooms=rooms, candidates=candidates)
    assert result.seats == {1: (1, 1, 1)}
    assert result.shortfall == {(1, "extra_time"): 1, (2, "none"): 1}


def test_wheelchair_seats_are_at_the_end_of_the_last_row_of_an_accessible_room():
    rooms = [
        RoomSeats(id=1, region_id=1, kind="computer", rows=4, columns=5),
        RoomSeats(id=2, region_id=1, kind="computer", rows=4, columns=5, accessible=True),
    ]
    wheelchair = Candidate(key=1, region_id=1, kind="computer", needs=Needs(seat=LAST_ROW_WHEELCHAIR))
    others = [Candidate(key=k, region_id=1, kind="computer") for k in range(2, 10)]
    result = allocate(rooms=rooms, candidates=[*others, wheelchair])
    assert result.seats[1] in {(2, 4, 1), (2, 4, 5)}
