import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.examday import admission

sessions = st.integers(min_value=1, max_value=999_999)
sequences = st.integers(min_value=1, max_value=99_999)


@settings(deadline=None)  # pure and fast; a deadline only measures the shared machine's load
@given(sessions, sequences)
def test_every_issued_number_is_valid_and_gives_back_its_sequence(session_id, sequence):
    number = admission.admission_number(session_id=session_id, sequence=sequence)
    assert admission.is_valid(number)
    assert admission.sequence_of(number) == sequence
    assert admission.is_valid(admission.printed(number))


@settings(deadline=None)  # pure and fast; a deadline only measures the shared machine's load
@given(sessions, sequences, st.data())
def test_the_check_character_catches_any_single_character_error(session_id, sequence, data):
    number = admission.admission_number(session_id=session_id, sequence=sequence)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([c for c in "0123456789X" if c != number[position]]))
    assert not admission.is_valid(number[:position] + wrong + number[position + 1 :])


@settings(deadline=None)  # pure and fast; a deadline only measures the shared machine's load
@given(sessions, sequences, st.data())
def test_the_check_character_catches_any_adjacent_transposition(session_id, sequence, data):
    number = admission.admission_number(session_id=session_id, sequence=sequence)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 2))
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    if swapped != number:
        assert not admission.is_valid(swapped)


def test_numbers_of_one_sitting_and_of_different_sittings_never_collide():
    numbers = {admission.admission_number(session_id=s, sequence=q) for s in (1, 12, 123) for q in range(1, 2001)}
    assert len(numbers) == 3 * 2000


def test_typed_numbers_are_normalised_and_national_ids_pass_through():
    number = admission.admission_number(session_id=7, sequence=42)
    assert admission.normalise(f" {number[:5]}-{number[5:10]} {number[10]} ".lower()) == number
    assert admission.normalise("a123456789") == "A123456789"
    assert not admission.is_valid("A123456789")


def test_an_out_of_range_sequence_is_refused():
    with pytest.raises(ValueError):
        admission.admission_number(session_id=1, sequence=100_000)
