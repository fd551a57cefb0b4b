"""Test forms: assembly matches the blueprint (Hypothesis), a short bank is named, freezing
stops every change and writes the key, and the key maps through each candidate's shuffle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.cbt import rules, testforms
from skillcert.cbt.errors import BankShort, CbtError
from skillcert.cbt.models import Difficulty, TestForm
from skillcert.core import clock
from skillcert.core.audit import history
from skillcert.scoring import grading
from skillcert.scoring.services import answer_key_for
from tests.cbt.factories import bank, blueprint, reviewer, sitting_of, subject_with_topics, writer
from tests.factories import StaffRole, staff_user

pytestmark = pytest.mark.django_db
E, M, H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD
BANK = {("L12101", E): 4, ("L12101", M): 3, ("L12102", M): 5, ("L12102", H): 2, ("L12103", E): 3}


@pytest.fixture
def world():
    subject = subject_with_topics()
    bank(subject, BANK)
    return subject, sitting_of(subject), reviewer()


cells = st.fixed_dictionaries({cell: st.integers(0, have) for cell, have in BANK.items()}).filter(
    lambda counts: sum(counts.values()) > 0
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=cells, seed=st.integers(0, 2**62))
def test_an_assembled_form_matches_the_blueprint(world, counts, seed):
    subject, sitting, builder = world
    plan = blueprint(subject, {cell: n for cell, n in counts.items() if n})
    form = testforms.form_assemble(sitting=sitting, blueprint=plan, seed=seed, actor=builder)
    items = list(testforms.form_items(form=form))
    found = {}
    for fi in items:
        assert fi.version.status == "approved"
        key = (fi.version.topic.code, fi.version.difficulty)
        found[key] = found.get(key, 0) + 1
    assert found == {cell: n for cell, n in counts.items() if n}
    assert [fi.position for fi in items] == list(range(1, len(items) + 1))
    assert len({fi.version.item_id for fi in items}) == len(items)
    again = testforms.form_assemble(sitting=sitting, blueprint=plan, seed=seed, actor=builder)
    assert [fi.version_id for fi in testforms.form_items(form=again)] == [fi.version_id for fi in items]


def test_a_short_bank_is_named_and_nothing_changes(world):
    subject, sitting, builder = world
    plan = blueprint(subject, {("L12101", E): 2, ("L12102", H): 3, ("L12104", M): 1})
    with pytest.raises(BankShort) as refused:
        testforms.form_assemble(sitting=sitting, blueprint=plan, seed=1, actor=builder)
    text = " ".join(refused.value.messages)
    assert "L12102" in text and "L12104" in text and "L12101" not in text
    assert not TestForm.objects.filter(sitting=sitting).exists()


def test_only_form_builders_assemble(world):
    subject, sitting, _builder = world
    plan = blueprint(subject, {("L12101", E): 1})
    for outsider in (writer(), staff_user(StaffRole.FINANCE)):
        with pytest.raises(PermissionDenied):
            testforms.form_assemble(sitting=sitting, blueprint=plan, seed=1, actor=outsider)
    testforms.form_assemble(sitting=sitting, blueprint=plan, seed=1, actor=staff_user(StaffRole.ITEM_OFFICER))


def test_freezing_writes_the_key_and_stops_every_change(world):
    subject, sitting, builder = world
    plan = blueprint(subject, {("L12101", E): 2, ("L12102", M): 3})
    form = testforms.form_assemble(sitting=sitting, blueprint=plan, seed=7, actor=builder)
    testforms.form_freeze(form=form, actor=builder)
    form.refresh_from_db()
    assert form.status == TestForm.Status.FROZEN and form.frozen_at
    assert [e.to_state for e in history(form) if e.to_state] == ["frozen"]
    key = answer_key_for(session=sitting.session, subject=subject)
    assert key == testforms.form_answer_key(form=form)
    assert {q: k.options for q, k in key.items()} == {
        fi.position: rules.letter(fi.version.correct) for fi in testforms.form_items(form=form)
    }
    with pytest.raises(CbtError):
        testforms.form_assemble(sitting=sitting, blueprint=plan, seed=8, actor=builder)
    with pytest.raises(CbtError):
        testforms.form_freeze(form=form, actor=builder)


def test_nothing_changes_once_the_sitting_started(world, frozen_now):
    subject, _sitting, builder = world
    starts = clock.now() + dt.timedelta(hours=1)
    later = sitting_of(subject, nth=2, starts_at=starts)
    plan = blueprint(subject, {("L12101", E): 1})
    form = testforms.form_assemble(sitting=later, blueprint=plan, seed=1, actor=builder)
    frozen_now(starts + dt.timedelta(minutes=1))
    with pytest.raises(CbtError):
        testforms.form_freeze(form=form, actor=builder)
    with pytest.raises(CbtError):
        testforms.form_assemble(sitting=later, blueprint=plan, seed=2, actor=builder)
    form.refresh_from_db()
    assert (form.status, form.seed) == (TestForm.Status.DRAFT, 1)


def test_each_candidate_grades_right_through_their_own_shuffle(world):
    subject, sitting, builder = world
    form = testforms.form_assemble(sitting=sitting, blueprint=blueprint(subject, BANK), seed=3, actor=builder)
    key = testforms.form_answer_key(form=form)
    items = list(testforms.form_items(form=form))
    orders_seen = set()
    for registration_id in (11, 12, 13):
        answers = {}
        for fi in items:
            order = testforms.option_order(form=form, registration_id=registration_id, form_item=fi)
            orders_seen.add(order)
            shown = rules.canonical_to_displayed(order, rules.letter(fi.version.correct))
            answers[fi.position] = rules.displayed_to_canonical(order, shown)  # what delivery stores
        assert grading.grade(answers, key) == sum(k.points for k in key.values())
    assert len(orders_seen) > 1


def test_a_blueprint_without_shuffle_keeps_the_order(world):
    subject, sitting, builder = world
    form = testforms.form_assemble(
        sitting=sitting, blueprint=blueprint(subject, {("L12101", E): 2}, shuffle=False), seed=3, actor=builder
    )
    for fi in testforms.form_items(form=form):
        assert testforms.option_order(form=form, registration_id=5, form_item=fi) == tuple(range(4))


def test_what_a_candidate_is_sent_carries_no_key(world):
    subject, sitting, builder = world
    form = testforms.form_assemble(sitting=sitting, blueprint=blueprint(subject, BANK), seed=9, actor=builder)
    sent = testforms.candidate_items(form=form, registration_id=77)
    assert {tuple(sorted(entry)) for entry in sent} == {("has_figure", "options", "position", "stem")}
    for entry, fi in zip(sent, testforms.form_items(form=form), strict=True):
        order = testforms.option_order(form=form, registration_id=77, form_item=fi)
        assert entry["options"] == [fi.version.options[i] for i in order]
        assert sorted(entry["options"]) == sorted(fi.version.options)
