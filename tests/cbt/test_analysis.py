"""Item analysis: the pure statistics against hand-checked values, and a delivered form whose
bad question (the weak candidates get it right, the strong ones wrong) shows negative
discrimination, with option shares, flag rate and time spent."""

import datetime as dt

import pytest
from django.urls import reverse

from skillcert.cbt import analysis, autosave, delivery
from tests.cbt.delivery_factories import START, canonical_letter, exam_room, started
from tests.factories import PASSWORD, StaffRole, staff_user


def test_point_biserial_matches_pearson_by_hand():
    item, totals = [1, 1, 0, 0], [4, 3, 2, 1]
    # deviations ±0.5 and (1.5, 0.5, -0.5, -1.5): r = 2 / sqrt(1 × 5)
    assert analysis.point_biserial(item, totals) == pytest.approx(2 / 5**0.5)
    assert analysis.point_biserial([1, 1, 1], [1, 2, 3]) is None


def test_upper_lower_uses_the_top_and_bottom_27_percent():
    totals = list(range(10))  # groups of round(2.7) = 3
    item = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0]  # bottom three: 1,1,0 → 2/3; top three: 1,0,0 → 1/3
    assert analysis.upper_lower(item, totals) == pytest.approx(1 / 3 - 2 / 3)
    assert analysis.upper_lower([1], [3]) is None


@pytest.mark.django_db
def test_a_delivered_forms_analysis_highlights_the_bad_question(frozen_now):
    room = exam_room(frozen_now, items=4)
    key = dict(room.form.items.values_list("position", "version__correct"))
    attempts = [started(room, frozen_now) for _ in range(6)]
    for strength, attempt in enumerate(attempts):  # strength 0..5
        seq = 0
        for position in (1, 2, 3):
            right = strength >= position  # stronger candidates get more of 1–3 right
            slot = next(s for s in "ABCD" if (canonical_letter(attempt, position, s) == "ABCD"[key[position]]) == right)
            seq += 1
            autosave.answer_save(token=attempt.token, position=position, choice=slot, flagged=False, seq=seq, spent=10)
        right = strength < 2  # question 4: only the weakest get it right
        slot = next(s for s in "ABCD" if (canonical_letter(attempt, 4, s) == "ABCD"[key[4]]) == right)
        autosave.answer_save(token=attempt.token, position=4, choice=slot, flagged=strength == 5, seq=seq + 1, spent=40)
    frozen_now(START + dt.timedelta(minutes=40))
    for attempt in attempts:
        delivery.attempt_submit(attempt=attempt)
    count, stats = analysis.form_item_analysis(form=room.form)
    assert count == 6
    by_position = {row.position: row for row in stats}
    assert by_position[4].negative and not by_position[2].negative
    assert by_position[4].p == pytest.approx(2 / 6)
    assert by_position[4].flag_rate == pytest.approx(1 / 6)
    assert by_position[4].mean_seconds == 40
    assert sum(by_position[1].choices.values()) == pytest.approx(1)
    assert by_position[1].choices["ABCD"[key[1]]] == pytest.approx(5 / 6)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(StaffRole.ITEM_REVIEWER, 200), (StaffRole.REVIEWER, 200), (StaffRole.FINANCE, 403), (None, 302)],
)
def test_the_report_page_checks_the_role(client, frozen_now, role, status):
    room = exam_room(frozen_now, items=2)
    if role is not None:
        client.login(username=staff_user(role).username, password=PASSWORD)
    response = client.get(reverse("backoffice_tools:cbt_form_analysis", args=[room.form.pk]))
    assert response.status_code == status
