"""Item bank: versions, status transitions with audit rows, and who may do what."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.cbt import services
from skillcert.cbt.errors import CbtError
from skillcert.cbt.models import FormItem, ItemVersion
from skillcert.cbt.testforms import form_assemble
from skillcert.core.audit import history
from tests.cbt.factories import (
    approved,
    blueprint,
    draft,
    png_bytes,
    reviewer,
    sitting_of,
    subject_with_topics,
    topic,
    writer,
)
from tests.factories import CandidateFactory, StaffRole, staff_user

pytestmark = pytest.mark.django_db
Status = ItemVersion.Status


@pytest.fixture
def subject():
    return subject_with_topics()


def revise(version, actor, **changes):
    fields = {
        "stem": version.stem, "options": version.options, "correct": version.correct,
        "difficulty": version.difficulty, "topic": version.topic,
    }  # fmt: skip
    fields.update(changes)
    return services.item_revise(version=version, actor=actor, **fields)


def test_a_writer_drafts_and_a_draft_is_edited_in_place(subject):
    author = writer()
    version = draft(subject, author=author)
    assert (version.number, version.status, version.written_by) == (1, Status.DRAFT, author)
    edited = revise(version, author, stem="改寫後的題幹")
    assert edited.pk == version.pk and edited.number == 1
    assert ItemVersion.objects.get(pk=version.pk).stem == "改寫後的題幹"
    assert [e.action for e in history(version)] == ["cbt.item_created", "cbt.item_draft_edited"]


def test_editing_an_approved_item_makes_a_new_version_and_a_form_keeps_the_old(subject):
    author, checker = writer(), reviewer()
    first = approved(subject, author=author, by=checker)
    sitting = sitting_of(subject)
    form = form_assemble(sitting=sitting, blueprint=blueprint(subject, {("L12101", 2): 1}), seed=1, actor=checker)
    second = revise(first, author, stem="第二版題幹")
    assert (second.number, second.status) == (2, Status.DRAFT)
    assert ItemVersion.objects.get(pk=first.pk).stem == first.stem
    services.item_approve(version=second, actor=checker)
    assert ItemVersion.objects.get(pk=first.pk).status == Status.RETIRED
    assert FormItem.objects.get(form=form).version_id == first.pk
    with pytest.raises(CbtError):
        revise(ItemVersion.objects.get(pk=first.pk), author, stem="舊版不可改")


def test_status_transitions_write_audit_rows(subject):
    checker = reviewer()
    version = services.item_approve(version=draft(subject), actor=checker)
    services.item_retire(version=version, actor=checker, reason="題意不清")
    moves = [(e.from_state, e.to_state, e.actor_id) for e in history(version) if e.to_state]
    assert moves == [("draft", "approved", checker.pk), ("approved", "retired", checker.pk)]
    with pytest.raises(CbtError):
        services.item_approve(version=version, actor=checker)


def test_a_writer_cannot_approve_and_nobody_approves_their_own_item(subject):
    author = writer()
    version = draft(subject, author=author)
    with pytest.raises(PermissionDenied):
        services.item_approve(version=version, actor=author)
    both = staff_user(StaffRole.ITEM_WRITER, StaffRole.ITEM_REVIEWER)
    own = draft(subject, author=both, n=1)
    with pytest.raises(PermissionDenied):
        services.item_approve(version=own, actor=both)
    assert ItemVersion.objects.get(pk=own.pk).status == Status.DRAFT
    services.item_approve(version=own, actor=reviewer())


@pytest.mark.parametrize("who", ["candidate", "finance", "anonymous"])
def test_outsiders_cannot_write_items(subject, who):
    actor = {
        "candidate": lambda: CandidateFactory().user,
        "finance": lambda: staff_user(StaffRole.FINANCE),
        "anonymous": AnonymousUser,
    }[who]()
    with pytest.raises(PermissionDenied):
        draft(subject, author=actor)


@pytest.mark.parametrize(
    ("options", "correct"),
    [
        (["只有一個"], 0),
        (["甲", "乙", "丙", "丁", "戊", "己", "庚"], 0),
        (["甲", "乙"], 2),
        (["甲", "甲"], 0),
        (["甲", " "], 0),
    ],
)
def test_options_must_be_two_to_six_with_one_correct(subject, options, correct):
    with pytest.raises(ValidationError):
        draft(subject, options=options, correct=correct)


def test_a_topic_of_another_subject_is_refused(subject):
    other = subject.level.subjects.get(number=1)
    stranger = other.topics.create(code="L11101", title="他科")
    with pytest.raises(ValidationError):
        services.item_create(
            subject=subject, topic=stranger, stem="題", options=["甲", "乙"], correct=0, difficulty=2, actor=writer()
        )


def test_a_figure_is_checked_by_content(subject):
    figure = SimpleUploadedFile("fig.png", png_bytes(), content_type="image/png")
    version = draft(subject, figure=figure, figure_alt="電路圖")
    assert version.figure.read() == png_bytes()
    fake = SimpleUploadedFile("fig.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError):
        draft(subject, n=1, figure=fake)
    pdf = SimpleUploadedFile("fig.png", b"%PDF-1.4\n" + b"0" * 100, content_type="image/png")
    with pytest.raises(ValidationError):
        draft(subject, n=2, figure=pdf)


def test_a_new_version_keeps_the_figure(subject):
    author = writer()
    first = services.item_approve(
        version=draft(subject, author=author, figure=SimpleUploadedFile("f.png", png_bytes())), actor=reviewer()
    )
    second = revise(first, author, stem="新題幹")
    assert second.figure.name == first.figure.name
    assert topic(subject, "L12101") == second.topic
