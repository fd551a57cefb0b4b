"""Test forms (issue 11): assembled from a blueprint, frozen before the exam, the answer key
taken from the form, and each candidate's option order rebuilt on the server from the form.

Delivery (a later part of issue 11) serves `FormItem`s by position with `option_order`, maps
the slot a candidate chose back with `rules.displayed_to_canonical` and stores the form's
letter as scoring's Response; grading then uses the form's key (`form_answer_key`), which
`form_freeze` also writes as the sitting's AnswerKey so disputes and rulings work as for
paper tests."""

import secrets
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import clock
from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.scoring import services as scoring_services
from skillcert.scoring.grading import KeyItem

from . import access, rules
from .errors import BankShort, CbtError
from .models import FormItem, ItemVersion, TestForm


def _shortages(blueprint, chosen: dict) -> list[str]:
    return [
        _("「%(code)s」難易度「%(level)s」需要 %(need)s 題，題庫僅有 %(have)s 題已審定試題。")
        % {
            "code": row.topic.code,
            "level": row.get_difficulty_display(),
            "need": row.count,
            "have": len(chosen[row.pk]),
        }
        for row in blueprint.rows.select_related("topic")
        if len(chosen[row.pk]) < row.count
    ]


def _candidates(blueprint) -> dict[int, list[int]]:
    """Approved version ids per blueprint row (a row is one topic and difficulty)."""
    rows = {(row.topic_id, row.difficulty): row.pk for row in blueprint.rows.all()}
    found = defaultdict(list)
    approved = ItemVersion.objects.filter(
        status=ItemVersion.Status.APPROVED, item__subject=blueprint.subject_id, topic__in=[t for t, _d in rows]
    ).values_list("pk", "topic_id", "difficulty")
    for pk, topic, difficulty in approved:
        if (topic, difficulty) in rows:
            found[rows[(topic, difficulty)]].append(pk)
    return found


def _refuse_if_started(sitting) -> None:
    if sitting.starts_at is not None and clock.now() >= sitting.starts_at:
        raise CbtError(_("考試已開始，試卷不可再變更。"), code="started")


def form_assemble(*, sitting, blueprint, seed: int | None = None, actor) -> TestForm:
    """Pick the blueprint's count of approved items for each topic and difficulty, the same
    items for the same bank and seed. A draft form of the sitting is rebuilt; a frozen one is
    refused. If the bank is short anywhere, nothing changes and every short cell is named."""
    access.require_form_builder(actor)
    if blueprint.subject_id != sitting.subject_id:
        raise CbtError(_("命題藍圖的考科與考試時間表不符。"), code="subject")
    seed = secrets.randbelow(2**62) if seed is None else seed
    with transaction.atomic():
        form = TestForm.objects.select_for_update().filter(sitting=sitting).first()
        if form is not None and form.status == TestForm.Status.FROZEN:
            raise CbtError(_("試卷已封存，不可重新組卷。"), code="frozen")
        _refuse_if_started(sitting)
        pool = _candidates(blueprint)
        rows = list(blueprint.rows.select_related("topic"))
        if not rows:
            raise CbtError(_("命題藍圖沒有任何題數設定。"), code="empty")
        if short := _shortages(blueprint, pool):
            raise BankShort(short, code="bank_short")
        picked = [
            pk
            for row in rows
            for pk in rules.pick(pool[row.pk], row.count, seed=seed, cell=f"{row.topic.code}:{row.difficulty}")
        ]
        if form is None:
            form = TestForm(sitting=sitting, shuffle_secret=secrets.token_hex(32))
        form.blueprint, form.seed, form.shuffle_options = blueprint, seed, blueprint.shuffle_options
        form.assembled_at = clock.now()
        form.save()
        form.items.all().delete()
        FormItem.objects.bulk_create(
            FormItem(form=form, position=n, version_id=pk, points=blueprint.points_per_item)
            for n, pk in enumerate(picked, start=1)
        )
        log_action(
            form,
            "cbt.form_assembled",
            actor=actor,
            data={"seed": seed, "items": len(picked), "blueprint": blueprint.pk},
        )
    return form


def form_freeze(*, form: TestForm, actor) -> TestForm:
    """封存: after this the form never changes; its key becomes the sitting's answer key.
    Only before the sitting starts."""
    access.require_form_builder(actor)
    with transaction.atomic():
        form = TestForm.objects.select_for_update().select_related("sitting").get(pk=form.pk)
        if form.status == TestForm.Status.FROZEN:
            raise CbtError(_("試卷已封存。"), code="frozen")
        _refuse_if_started(form.sitting)
        if not form.items.exists():
            raise CbtError(_("試卷沒有題目。"), code="empty")
        form.frozen_at = clock.now()
        transition(form, TestForm.Status.FROZEN, actor=actor, extra_fields=("frozen_at",))
        scoring_services.answer_key_set(
            session=form.sitting.session,
            subject=form.sitting.subject,
            key={q: (item.options, item.points) for q, item in form_answer_key(form=form).items()},
            actor=actor,
        )
    return form


def form_items(*, form: TestForm):
    return form.items.select_related("version__item", "version__topic").order_by("position")


def form_answer_key(*, form: TestForm) -> dict[int, KeyItem]:
    """The key in scoring's format (question → KeyItem), in the form's own letters."""
    return {
        position: KeyItem(rules.letter(correct), points)
        for position, correct, points in form.items.values_list("position", "version__correct", "points")
    }


def option_order(*, form: TestForm, registration_id: int, form_item: FormItem) -> tuple[int, ...]:
    """The order in which this candidate sees this question's options (see rules.option_order)."""
    return rules.option_order(
        secret=form.shuffle_secret,
        registration=registration_id,
        position=form_item.position,
        size=len(form_item.version.options),
        shuffle=form.shuffle_options,
    )


def candidate_items(*, form: TestForm, registration_id: int) -> list[dict]:
    """What delivery may send to one candidate's browser: each question's stem and options in
    that candidate's order, and whether it has a figure. Never the key or the form's letters."""
    return [
        {
            "position": form_item.position,
            "stem": form_item.version.stem,
            "options": [
                form_item.version.options[i]
                for i in option_order(form=form, registration_id=registration_id, form_item=form_item)
            ],
            "has_figure": bool(form_item.version.figure),
        }
        for form_item in form_items(form=form)
    ]
