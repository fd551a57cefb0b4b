"""Item-bank test data: a CBT subject with syllabus topics, writers and reviewers, items."""

import io

from PIL import Image

from skillcert.catalog.models import SessionSubject, SyllabusTopic
from skillcert.cbt import services
from skillcert.cbt.models import Blueprint, BlueprintRow, Difficulty
from tests.factories import StaffRole, make_level, make_session, staff_user


def subject_with_topics(codes=("L12101", "L12102", "L12103", "L12104")):
    level = make_level()
    subject = level.subjects.get(number=2)
    parent = SyllabusTopic.objects.create(subject=subject, code="L121", title="評鑑主題")
    for n, code in enumerate(codes):
        SyllabusTopic.objects.create(subject=subject, parent=parent, code=code, title=f"內容 {code}", position=n)
    return subject


def topic(subject, code):
    return subject.topics.get(code=code)


def writer():
    return staff_user(StaffRole.ITEM_WRITER)


def reviewer():
    return staff_user(StaffRole.ITEM_REVIEWER)


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, "PNG")
    return buffer.getvalue()


def draft(subject, *, code="L12101", difficulty=Difficulty.MEDIUM, author=None, n=0, **fields):
    values = {
        "stem": f"題目 {code} {n}：下列何者正確？",
        "options": [f"選項甲{n}", f"選項乙{n}", f"選項丙{n}", f"選項丁{n}"],
        "correct": n % 4,
    }
    values.update(fields)
    return services.item_create(
        subject=subject, topic=topic(subject, code), difficulty=difficulty, actor=author or writer(), **values
    )


def approved(subject, *, by=None, **fields):
    return services.item_approve(version=draft(subject, **fields), actor=by or reviewer())


def bank(subject, cells: dict[tuple[str, int], int]):
    """Approved items: {(topic code, difficulty): how many}."""
    author, checker = writer(), reviewer()
    made = []
    for (code, difficulty), count in cells.items():
        for n in range(count):
            made.append(approved(subject, code=code, difficulty=difficulty, author=author, by=checker, n=n))
    return made


def blueprint(subject, cells: dict[tuple[str, int], int], *, shuffle=True):
    plan = Blueprint.objects.create(subject=subject, name="藍圖", shuffle_options=shuffle)
    for (code, difficulty), count in cells.items():
        BlueprintRow.objects.create(blueprint=plan, topic=topic(subject, code), difficulty=difficulty, count=count)
    return plan


def sitting_of(subject, *, nth=1, **times):
    session = make_session(subject.level, nth=nth)
    return SessionSubject.objects.create(session=session, subject=subject, **times)
