"""API test data for exam day and the CBT: a computer room of a CBT period with a frozen form,
two seated candidates (admission numbers) who signed in and started, their roll call, two
allocation runs (one refused with a shortfall), a second venue, and a second sitting's form."""

import datetime as dt
from dataclasses import dataclass

from skillcert.cbt import autosave, testforms
from skillcert.cbt.models import Difficulty, TestForm
from skillcert.examday import rollcall
from skillcert.examday.models import AllocationRun
from tests.cbt.delivery_factories import START, Room, exam_room, started
from tests.cbt.factories import blueprint, reviewer, sitting_of
from tests.examday.factories import make_room, make_venue


@dataclass
class ExamOffice:
    room: Room
    first: object  # Attempt
    second: object  # Attempt
    other_venue: object
    other_form: TestForm

    @property
    def session(self):
        return self.room.period.session


def exam_office(frozen_now) -> ExamOffice:
    room = exam_room(frozen_now)
    first, second = started(room, frozen_now), started(room, frozen_now)
    autosave.answer_save(token=first.token, position=1, choice="A", flagged=True, seq=1, spent=5)
    autosave.answer_save(token=first.token, position=2, choice="B", flagged=False, seq=2, spent=5)
    frozen_now(START + dt.timedelta(minutes=5))
    for attempt, status in ((first, "present"), (second, "absent")):
        rollcall.roll_call_mark(
            room=room.opening.room, period=room.period, admission_number=attempt.registration.admission_number,
            status=status, actor=room.proctor,
        )  # fmt: skip
    session = room.period.session
    AllocationRun.objects.create(
        session=session, report={"shortfall": [{"region": "台北", "need": "accessible", "count": 3}], "candidates": 5}
    )
    AllocationRun.objects.create(
        session=session, completed=True, seated=2, moved=2, report={"shortfall": [], "candidates": 2,
        "admission_numbers_issued": 2, "venues_without_rooms": []},
    )  # fmt: skip
    other_venue = make_venue(region="高雄", name="高雄考場")
    make_room(other_venue, name="B101")
    subject = room.period.subject
    frozen_now(START - dt.timedelta(days=3))
    plan = blueprint(subject, {("L12101", Difficulty.MEDIUM): 3})
    other_form = testforms.form_assemble(sitting=sitting_of(subject, nth=2), blueprint=plan, seed=3, actor=reviewer())
    frozen_now(START + dt.timedelta(minutes=5))
    return ExamOffice(room=room, first=first, second=second, other_venue=other_venue, other_form=other_form)
