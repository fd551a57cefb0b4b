"""Pure rules: per-candidate shuffles are permutations, rebuilt identically, and the key maps
through them; picking is deterministic."""

from hypothesis import given
from hypothesis import strategies as st

from skillcert.cbt import rules

secrets_ = st.text(alphabet="0123456789abcdef", min_size=8, max_size=64)


@given(secret=secrets_, registration=st.integers(1, 10**9), position=st.integers(1, 200), size=st.integers(2, 6))
def test_an_option_order_is_a_permutation_rebuilt_the_same(secret, registration, position, size):
    order = rules.option_order(secret=secret, registration=registration, position=position, size=size, shuffle=True)
    assert sorted(order) == list(range(size))
    again = rules.option_order(secret=secret, registration=registration, position=position, size=size, shuffle=True)
    assert order == again


@given(registration=st.integers(1, 10**9), size=st.integers(2, 6))
def test_no_shuffle_keeps_the_form_order(registration, size):
    order = rules.option_order(secret="s", registration=registration, position=1, size=size, shuffle=False)
    assert order == tuple(range(size))


@given(secret=secrets_, registration=st.integers(1, 10**9), size=st.integers(2, 6), data=st.data())
def test_the_key_maps_through_a_shuffle(secret, registration, size, data):
    correct = data.draw(st.integers(0, size - 1))
    order = rules.option_order(secret=secret, registration=registration, position=3, size=size, shuffle=True)
    shown = rules.canonical_to_displayed(order, rules.letter(correct))
    # the slot the candidate clicks shows the correct option, and maps back to the form's letter
    assert order[rules.LETTERS.index(shown)] == correct
    assert rules.displayed_to_canonical(order, shown) == rules.letter(correct)
    for slot in rules.LETTERS[:size]:
        assert (rules.displayed_to_canonical(order, slot) == rules.letter(correct)) == (slot == shown)
    assert rules.displayed_to_canonical(order, "") == ""


def test_candidates_see_different_orders():
    orders = {
        rules.option_order(secret="form-secret", registration=r, position=1, size=4, shuffle=True) for r in range(1, 60)
    }
    assert len(orders) > 10


@given(ids=st.sets(st.integers(1, 10**6), min_size=1, max_size=40), seed=st.integers(0, 2**62), data=st.data())
def test_picking_is_deterministic_and_order_free(ids, seed, data):
    count = data.draw(st.integers(0, len(ids)))
    picked = rules.pick(list(ids), count, seed=seed, cell="L12101:2")
    assert len(set(picked)) == count and set(picked) <= ids
    assert rules.pick(sorted(ids, reverse=True), count, seed=seed, cell="L12101:2") == picked


def test_option_problems_accepts_a_good_item():
    assert rules.option_problems(["甲", "乙", "丙"], 1) == []
    assert rules.option_problems(["甲"], 0)
