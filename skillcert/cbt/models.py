"""The computer-based test's item bank and test forms (issue 11).

An `Item` is the lasting identity of a question; its content lives in numbered
`ItemVersion`s. A version is edited in place while it is a draft; once approved it never
changes again (editing makes the next version), so a `TestForm` that points at a version
serves and grades exactly what was reviewed. A form belongs to one subject sitting
(catalog.SessionSubject), is built from a `Blueprint` and is frozen before the exam."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _figure_path(instance, filename: str) -> str:
    """Unguessable names: figures are exam content, served only through the back office."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"cbt/figures/{uuid.uuid4().hex}.{extension[:5]}"


class Difficulty(models.IntegerChoices):
    EASY = 1, _("易")
    MEDIUM = 2, _("中")
    HARD = 3, _("難")


class Item(models.Model):
    """A question of the bank across its versions, in one subject."""

    subject = models.ForeignKey(
        "catalog.Subject", on_delete=models.PROTECT, related_name="cbt_items", verbose_name=_("考科")
    )
    code = models.CharField(_("試題代碼"), max_length=64, unique=True, help_text=_("QTI identifier"))
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("試題")
        verbose_name_plural = _("試題")
        ordering = ["subject", "code"]

    def __str__(self):
        return self.code


class ItemVersion(models.Model):
    """One version of an item's content: a single-choice stem with 2–6 options, one correct."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("item status", "草稿")
        APPROVED = "approved", pgettext_lazy("item status", "已審定")
        RETIRED = "retired", pgettext_lazy("item status", "已停用")

    TRANSITIONS = {
        Status.DRAFT: {Status.APPROVED, Status.RETIRED},
        Status.APPROVED: {Status.RETIRED},
        Status.RETIRED: set(),
    }

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions", verbose_name=_("試題"))
    number = models.PositiveSmallIntegerField(_("版次"), default=1)
    topic = models.ForeignKey(
        "catalog.SyllabusTopic", on_delete=models.PROTECT, related_name="+", verbose_name=_("評鑑內容")
    )
    difficulty = models.PositiveSmallIntegerField(_("難易度"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    stem = models.TextField(_("題幹"))
    options = models.JSONField(_("選項"), default=list, help_text=_("依 A、B、C… 順序的選項文字"))
    correct = models.PositiveSmallIntegerField(_("正確選項序號"), help_text=_("0 = A, 1 = B …"))
    figure = models.FileField(_("附圖"), upload_to=_figure_path, blank=True)
    figure_alt = models.CharField(_("附圖說明"), max_length=200, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("命題者"),
    )
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("試題版本")
        verbose_name_plural = _("試題版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="cbt_item_version_number_once"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="approved"), name="cbt_one_approved_version_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.item.code} v{self.number}"


class Blueprint(models.Model):
    """命題藍圖: how many items of each syllabus topic and difficulty a form of the subject has."""

    subject = models.ForeignKey(
        "catalog.Subject", on_delete=models.PROTECT, related_name="blueprints", verbose_name=_("考科")
    )
    name = models.CharField(_("名稱"), max_length=100)
    shuffle_options = models.BooleanField(_("每位考生選項順序隨機"), default=True)
    points_per_item = models.DecimalField(_("每題配分"), max_digits=5, decimal_places=2, default=2)

    class Meta:
        verbose_name = _("命題藍圖")
        verbose_name_plural = _("命題藍圖")
        ordering = ["subject", "name"]

    def __str__(self):
        return self.name


class BlueprintRow(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="rows", verbose_name=_("命題藍圖"))
    topic = models.ForeignKey(
        "catalog.SyllabusTopic", on_delete=models.PROTECT, related_name="+", verbose_name=_("評鑑內容")
    )
    difficulty = models.PositiveSmallIntegerField(_("難易度"), choices=Difficulty.choices)
    count = models.PositiveSmallIntegerField(_("題數"))

    class Meta:
        verbose_name = _("藍圖題數")
        verbose_name_plural = _("藍圖題數")
        ordering = ["blueprint", "topic__position", "topic__code", "difficulty"]
        constraints = [
            models.UniqueConstraint(fields=["blueprint", "topic", "difficulty"], name="cbt_blueprint_cell_once")
        ]

    def __str__(self):
        return f"{self.topic.code} {self.get_difficulty_display()} × {self.count}"


class TestForm(models.Model):
    """The test of one subject sitting: its items in order. Frozen before the exam; delivery
    serves and grading uses exactly these versions, in these positions (題號 = position)."""

    __test__ = False  # not a pytest class

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("form status", "組卷中")
        FROZEN = "frozen", pgettext_lazy("form status", "已封存")

    TRANSITIONS = {Status.DRAFT: {Status.FROZEN}, Status.FROZEN: set()}

    sitting = models.OneToOneField(
        "catalog.SessionSubject", on_delete=models.PROTECT, related_name="test_form", verbose_name=_("考試時間表")
    )
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="forms", verbose_name=_("命題藍圖"))
    seed = models.BigIntegerField(_("組卷亂數種子"))
    shuffle_secret = models.CharField(max_length=64, editable=False)
    shuffle_options = models.BooleanField(_("每位考生選項順序隨機"))
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    assembled_at = models.DateTimeField(_("組卷時間"))
    frozen_at = models.DateTimeField(_("封存時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("試卷")
        verbose_name_plural = _("試卷")
        ordering = ["-assembled_at"]

    def __str__(self):
        return str(self.sitting)


class FormItem(models.Model):
    form = models.ForeignKey(TestForm, on_delete=models.CASCADE, related_name="items", verbose_name=_("試卷"))
    position = models.PositiveSmallIntegerField(_("題號"))
    version = models.ForeignKey(
        ItemVersion, on_delete=models.PROTECT, related_name="form_uses", verbose_name=_("試題版本")
    )
    points = models.DecimalField(_("配分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("試卷題目")
        verbose_name_plural = _("試卷題目")
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="cbt_form_position_once"),
            models.UniqueConstraint(fields=["form", "version"], name="cbt_form_version_once"),
        ]

    def __str__(self):
        return f"{self.position}. {self.version}"


class ItemImport(models.Model):
    """One uploaded QTI package or spreadsheet of items, with its item-by-item report."""

    class Kind(models.TextChoices):
        QTI = "qti", _("QTI 套件")
        SPREADSHEET = "spreadsheet", _("試算表")

    subject = models.ForeignKey("catalog.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("考科"))
    kind = models.CharField(_("檔案類別"), max_length=12, choices=Kind.choices)
    filename = models.CharField(_("檔名"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("匯入者"),
    )
    accepted = models.PositiveIntegerField(_("成功"), default=0)
    refused = models.PositiveIntegerField(_("失敗"), default=0)
    report = models.JSONField(_("報告"), default=list)
    created_at = models.DateTimeField(_("匯入時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("試題匯入")
        verbose_name_plural = _("試題匯入")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.accepted}/{self.refused})"


# ---- Delivery (issue 11, second part): rooms opened, workstations, attempts, answers ----


class RoomOpening(models.Model):
    """One room for one subject period on exam day, run by its proctor: workstations are
    enrolled for it, and candidates sign in only once the proctor has opened it."""

    room = models.ForeignKey("examday.Room", on_delete=models.PROTECT, related_name="+", verbose_name=_("試場"))
    period = models.ForeignKey(
        "catalog.SessionSubject", on_delete=models.PROTECT, related_name="+", verbose_name=_("考試時段")
    )
    opened_at = models.DateTimeField(_("開放登入時間"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("監試人員"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("試場開放")
        verbose_name_plural = _("試場開放")
        constraints = [models.UniqueConstraint(fields=["room", "period"], name="cbt_room_opening_once")]

    def __str__(self):
        return f"{self.room} {self.period}"


class Workstation(models.Model):
    """A computer of the room enrolled by the proctor; the browser keeps a signed cookie
    naming it (`examroom.workstations`)."""

    opening = models.ForeignKey(
        RoomOpening, on_delete=models.CASCADE, related_name="workstations", verbose_name=_("試場開放")
    )
    label = models.CharField(_("電腦編號"), max_length=20)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("登錄者")
    )
    enrolled_at = models.DateTimeField(_("登錄時間"))
    revoked = models.BooleanField(_("已停用"), default=False)

    class Meta:
        verbose_name = _("考試電腦")
        verbose_name_plural = _("考試電腦")
        constraints = [models.UniqueConstraint(fields=["opening", "label"], name="cbt_workstation_label_once")]

    def __str__(self):
        return f"{self.opening.room} #{self.label}"


class Attempt(models.Model):
    """One candidate's test (registration × form). `ends_at` is the candidate's own end: the
    period's end plus approved extra minutes, plus minutes a proctor added, plus time paused.
    `token` (rotated at each sign-in) is what the exam screen's cookie carries; saves check
    it, the status and the end in the same UPDATE (cbt.autosave)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("attempt status", "未開始")
        IN_PROGRESS = "in_progress", pgettext_lazy("attempt status", "作答中")
        PAUSED = "paused", pgettext_lazy("attempt status", "暫停")
        LOCKED = "locked", pgettext_lazy("attempt status", "鎖定")
        SUBMITTED = "submitted", pgettext_lazy("attempt status", "已交卷")

    TRANSITIONS = {
        Status.NOT_STARTED: {Status.IN_PROGRESS, Status.LOCKED, Status.SUBMITTED},
        Status.IN_PROGRESS: {Status.PAUSED, Status.LOCKED, Status.SUBMITTED},
        Status.PAUSED: {Status.IN_PROGRESS, Status.LOCKED, Status.SUBMITTED},
        Status.LOCKED: {Status.IN_PROGRESS, Status.NOT_STARTED, Status.SUBMITTED},
        Status.SUBMITTED: set(),
    }

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.PROTECT, related_name="cbt_attempts", verbose_name=_("報名")
    )
    form = models.ForeignKey(TestForm, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("試卷"))
    opening = models.ForeignKey(RoomOpening, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("試場"))
    workstation = models.ForeignKey(
        Workstation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("考試電腦")
    )
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    token = models.CharField(max_length=64, unique=True, editable=False)
    reentry_allowed = models.BooleanField(_("可重新登入"), default=False)
    signed_in_at = models.DateTimeField(_("登入時間"))
    started_at = models.DateTimeField(_("開始作答時間"), null=True, blank=True)
    ends_at = models.DateTimeField(_("結束時間"))
    extra_minutes = models.PositiveSmallIntegerField(_("核准延長分鐘"), default=0)
    added_minutes = models.PositiveSmallIntegerField(_("監試加時分鐘"), default=0)
    paused_at = models.DateTimeField(_("暫停時間"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("交卷時間"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("時間到自動交卷"), default=False)

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        constraints = [models.UniqueConstraint(fields=["registration", "form"], name="cbt_attempt_once")]

    def __str__(self):
        return f"{self.registration_id} {self.form_id}"


class Answer(models.Model):
    """One question's state in an attempt, in the form's own letters (`choice`, '' = 不作答)
    and the 註記 flag. `seq` is the candidate's sequence number of the change that wrote it: a
    save applies only WHERE seq < its own (cbt.autosave). `seconds`: time spent on it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("作答"))
    position = models.PositiveSmallIntegerField(_("題號"))
    choice = models.CharField(_("作答"), max_length=1, blank=True)
    flagged = models.BooleanField(_("註記"), default=False)
    seq = models.PositiveIntegerField(default=0)
    changes = models.PositiveIntegerField(_("變更次數"), default=0)
    seconds = models.PositiveIntegerField(_("作答秒數"), default=0)
    changed_at = models.DateTimeField(_("最後儲存時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("逐題作答")
        verbose_name_plural = _("逐題作答")
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="cbt_answer_once")]

    def __str__(self):
        return f"{self.attempt_id} {self.position}: {self.choice or '-'}"
