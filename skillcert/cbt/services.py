"""Item bank writes (issue 11): create, revise (an approved version is never edited; a new
draft version is made), approve (four-eyes) and retire. Test forms are in `forms.py`."""

import re
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core.audit import log_action
from skillcert.core.states import transition
from skillcert.core.uploads import validate_document

from . import access, rules
from .errors import CbtError
from .models import Item, ItemVersion

Status = ItemVersion.Status
CODE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")  # a QTI identifier: safe in file names too


def figure_check(figure) -> None:
    """附圖: a JPEG or PNG by content (core.uploads decides what a document is; a PDF is not a figure)."""
    if validate_document(figure) == "application/pdf":
        raise CbtError(_("附圖只接受 JPG 或 PNG 圖檔。"), code="figure_type")


def _content_check(*, subject, topic, stem: str, options: list[str], correct: int | None) -> None:
    problems = rules.option_problems(options, correct)
    if not stem.strip():
        problems.insert(0, _("題幹不可空白。"))
    if topic.subject_id != subject.pk:
        problems.append(_("評鑑內容「%(code)s」不屬於此考科。") % {"code": topic.code})
    if problems:
        raise CbtError(problems)


def item_create(
    *, subject, topic, stem: str, options: list[str], correct: int, difficulty: int,
    figure=None, figure_alt: str = "", code: str = "", actor,
) -> ItemVersion:  # fmt: skip
    """A new item with its first version, a draft written by `actor`."""
    access.require_writer(actor)
    options = [str(text).strip() for text in options]
    _content_check(subject=subject, topic=topic, stem=stem, options=options, correct=correct)
    if figure:
        figure_check(figure)
    with transaction.atomic():
        code = code.strip() or f"item-{uuid.uuid4().hex[:12]}"
        if not CODE_PATTERN.fullmatch(code):
            raise CbtError(_("試題代碼只可使用英數字、底線、連字號與句點，並以英文字母開頭。"), code="code")
        if Item.objects.filter(code=code).exists():
            raise CbtError(_("試題代碼「%(code)s」已存在。") % {"code": code}, code="duplicate")
        item = Item.objects.create(subject=subject, code=code)
        version = ItemVersion(
            item=item, number=1, topic=topic, stem=stem.strip(), options=options, correct=correct,
            difficulty=difficulty, figure_alt=figure_alt, written_by=actor,
        )  # fmt: skip
        if figure:
            version.figure.save(_figure_name(figure), figure, save=False)
        version.full_clean()
        version.save()
        log_action(version, "cbt.item_created", actor=actor, data={"item": item.code, "topic": topic.code})
    return version


def _figure_name(figure) -> str:
    name = getattr(figure, "name", "") or "figure"
    return name.rsplit("/", 1)[-1][:80]


def item_revise(
    *, version: ItemVersion, stem: str, options: list[str], correct: int, difficulty: int, topic,
    figure=None, figure_alt: str | None = None, actor,
) -> ItemVersion:  # fmt: skip
    """Edit an item. A draft is edited in place; an approved version stays as it is (forms keep
    it) and the edit becomes the item's next version, a draft. A retired version is not edited."""
    access.require_writer(actor)
    options = [str(text).strip() for text in options]
    _content_check(subject=version.item.subject, topic=topic, stem=stem, options=options, correct=correct)
    if figure:
        figure_check(figure)
    with transaction.atomic():
        version = ItemVersion.objects.select_for_update().select_related("item").get(pk=version.pk)
        latest = version.item.versions.order_by("-number").first()
        if version.status == Status.RETIRED:
            raise CbtError(_("已停用的試題版本不可編修。"), code="retired")
        if latest.pk != version.pk:
            raise CbtError(_("此試題已有較新的版本 v%(n)s，請編修該版本。") % {"n": latest.number}, code="stale")
        if version.status == Status.APPROVED:
            version = ItemVersion(
                item=version.item, number=version.number + 1, figure=version.figure.name,
                figure_alt=version.figure_alt, written_by=actor,
            )  # fmt: skip
            action = "cbt.item_new_version"
        else:
            action = "cbt.item_draft_edited"
        version.stem, version.options, version.correct = stem.strip(), options, correct
        version.difficulty, version.topic = difficulty, topic
        if figure_alt is not None:
            version.figure_alt = figure_alt
        if figure:
            version.figure.save(_figure_name(figure), figure, save=False)
        version.full_clean()
        version.save()
        log_action(version, action, actor=actor, data={"item": version.item.code, "number": version.number})
    return version


def item_approve(*, version: ItemVersion, actor) -> ItemVersion:
    """審定: a reviewer who did not write this version approves it; the item's previously
    approved version (if any) is retired, so new forms take the new one and old forms keep theirs."""
    access.require_reviewer(actor)
    access.require_not_author(actor, version)
    with transaction.atomic():
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != Status.DRAFT:
            raise CbtError(_("只有草稿可以審定。"), code="not_draft")
        previous = ItemVersion.objects.select_for_update().filter(item=version.item_id, status=Status.APPROVED)
        for old in previous:
            transition(old, Status.RETIRED, actor=actor, reason=_("由 v%(n)s 取代") % {"n": version.number})
        transition(version, Status.APPROVED, actor=actor)
    return version


def item_retire(*, version: ItemVersion, actor, reason: str = "") -> ItemVersion:
    """停用: no new form takes this version; forms already built with it keep it."""
    access.require_reviewer(actor)
    with transaction.atomic():
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        if version.status == Status.RETIRED:
            raise CbtError(_("此試題版本已停用。"), code="retired")
        transition(version, Status.RETIRED, actor=actor, reason=reason)
    return version


def figure_from_bytes(name: str, data: bytes) -> ContentFile:
    """An in-memory upload of a figure found in an imported package."""
    return ContentFile(data, name=name)
