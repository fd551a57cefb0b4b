"""Exam day 考試當天 (SPEC §9; brochures §2.3, §3.4, §3.5, 附錄一): rooms of the catalog's venues,
dedicated venues 專屬考場, practical batches 梯次, and the seat each paid candidate is given for
each subject period. Admission numbers 考試通知碼 live on `registrations.Registration`
(`admission_number`) and are issued by `examday.services`; their format is `examday.admission`.

Venues themselves are `catalog.Venue` (address, map link, contact, lift/ground-floor access):
rooms hang from them here so that the catalog keeps no exam-day detail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from skillcert.groups.models import RequestStatus

from .rules import room_problems, seat_label


class RoomKind(models.TextChoices):
    COMPUTER = "computer", _("電腦教室")
    PAPER = "paper", _("一般教室（紙筆）")


class Room(models.Model):
    """試場: one room of a venue with `rows` × `columns` seats (capacity equals that product, a
    CHECK constraint keeps it so). `kind` says which subjects it can hold (CBT → computer rooms,
    paper and drawing → paper rooms). `accessible` rooms are on the ground floor or reached by
    lift (附錄一 場地安排); `extended_time` rooms run each subject up to 20 minutes longer for
    candidates with approved extra time (附錄一 考試時間). Rows count from the front (1) to the
    back (`rows`, the 最後一排 of 附錄一 座位安排); columns from the door side (1)."""

    venue = models.ForeignKey("catalog.Venue", on_delete=models.PROTECT, related_name="rooms", verbose_name=_("考場"))
    name = models.CharField(_("試場名稱"), max_length=50, help_text=_("如：電腦教室 A301"))
    kind = models.CharField(_("試場類別"), max_length=10, choices=RoomKind.choices, default=RoomKind.COMPUTER)
    floor = models.SmallIntegerField(_("樓層"), default=1)
    rows = models.PositiveSmallIntegerField(_("排數"))
    columns = models.PositiveSmallIntegerField(_("每排座位數"))
    capacity = models.PositiveSmallIntegerField(_("容量"), help_text=_("須等於排數 × 每排座位數。"))
    accessible = models.BooleanField(_("無障礙（一樓或有電梯）"), default=False)
    extended_time = models.BooleanField(
        _("延長時間試場"), default=False, help_text=_("核准延長考試時間之考生安排於此類試場。")
    )
    is_active = models.BooleanField(_("啟用"), default=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("試場")
        verbose_name_plural = _("試場")
        ordering = ["venue", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_in_venue"),
            # clean() says the same with the figures; these messages stand in when it did not run.
            models.CheckConstraint(
                condition=Q(rows__gte=1) & Q(columns__gte=1),
                name="room_has_seats",
                violation_error_message=_("試場至少要有一排、每排至少一個座位。"),
            ),
            models.CheckConstraint(
                condition=Q(capacity=F("rows") * F("columns")),
                name="room_capacity_is_seats",
                violation_error_message=_("容量須等於排數 × 每排座位數。"),
            ),
        ]

    def __str__(self):
        return f"{self.venue} {self.name}"

    def problems(self) -> list[str]:
        return room_problems(
            rows=self.rows or 0,
            columns=self.columns or 0,
            capacity=self.capacity or 0,
            floor=self.floor,
            accessible=self.accessible,
            venue_has_lift=self.venue.has_lift if self.venue_id else True,
        )

    def clean(self):
        if problems := self.problems():
            raise ValidationError(problems)

    def validate_constraints(self, exclude=None):
        if self.problems():  # clean() already said it, with the figures
            exclude = {*(exclude or ()), "rows", "columns", "capacity"}
        super().validate_constraints(exclude=exclude)


class DedicatedVenue(models.Model):
    """專屬考場 (SPEC §8): the venue (with its rooms) that an approved group request provides; the
    allocation seats that group's candidates there and nobody else."""

    venue_request = models.OneToOneField(
        "groups.VenueRequest", on_delete=models.CASCADE, related_name="dedicated_venue", verbose_name=_("專屬考場申請")
    )
    venue = models.ForeignKey(
        "catalog.Venue", on_delete=models.PROTECT, related_name="dedications", verbose_name=_("考場")
    )

    class Meta:
        verbose_name = _("專屬考場")
        verbose_name_plural = _("專屬考場")

    def __str__(self):
        return f"{self.venue} → {self.venue_request}"

    def clean(self):
        problems = []
        if self.venue_request_id and self.venue_request.status != RequestStatus.APPROVED:
            problems.append(_("專屬考場申請尚未核准，不能指定考場。"))
        if self.venue_id and not self.venue.rooms.filter(is_active=True).exists():
            problems.append(_("此考場尚未設定試場，不能使用；請先新增試場。"))
        if problems:
            raise ValidationError(problems)


class PracticalBatch(models.Model):
    """術科實作梯次: one batch at one practical venue of a sitting (brochure 115 §2.3: '術科實作分2梯次
    (4小時)'), with as many workstations as `capacity`. Not held when the practical has fewer than
    the brochure's minimum turnout (40) registered (日程表: '報考人數未達 40 人不辦理')."""

    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.CASCADE, related_name="practical_batches", verbose_name=_("梯次")
    )
    venue = models.ForeignKey(
        "catalog.Venue", on_delete=models.PROTECT, related_name="practical_batches", verbose_name=_("術科考場")
    )
    number = models.PositiveSmallIntegerField(_("場次"))
    starts_at = models.DateTimeField(_("開始"), null=True, blank=True)
    ends_at = models.DateTimeField(_("結束"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("工作站數"))

    class Meta:
        verbose_name = _("術科實作場次")
        verbose_name_plural = _("術科實作場次")
        ordering = ["session", "venue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "venue", "number"], name="practical_batch_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="practical_batch_has_places"),
        ]

    def __str__(self):
        return f"{self.session} {self.venue} 第{self.number}場"


class SeatAssignment(models.Model):
    """Where one paid registration sits one subject period (`period`: the subject's timetable row,
    catalog.SessionSubject, with its start and end): a written subject gets a room and a seat
    (row, column); a practical subject gets a batch and a workstation (`column`, row 1). A
    candidate keeps one seat for every subject of the same room kind that day.
    The allocation (`examday.services.session_allocate_seats`) writes these rows and keeps them
    stable across re-runs; `extra_minutes` and `enlarged_paper` (A3, for the printers) copy the
    approved special needs so the notice, the room kit and the exam engine read one place."""

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="seats", verbose_name=_("報名")
    )
    period = models.ForeignKey(
        "catalog.SessionSubject", on_delete=models.CASCADE, related_name="seats", verbose_name=_("考試時段")
    )
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="seats", verbose_name=_("試場")
    )
    batch = models.ForeignKey(
        PracticalBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="seats",
        verbose_name=_("術科場次"),
    )  # fmt: skip
    row = models.PositiveSmallIntegerField(_("排"))
    column = models.PositiveSmallIntegerField(_("座"))
    extra_minutes = models.PositiveSmallIntegerField(_("延長分鐘"), default=0)
    enlarged_paper = models.BooleanField(_("A3 放大試題"), default=False)
    assigned_at = models.DateTimeField(_("安排時間"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("座位安排")
        verbose_name_plural = _("座位安排")
        ordering = ["period", "room", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "period"], name="seat_once_per_subject"),
            models.UniqueConstraint(
                fields=["period", "room", "row", "column"], condition=Q(room__isnull=False), name="seat_used_once"
            ),
            models.UniqueConstraint(
                fields=["period", "batch", "column"], condition=Q(batch__isnull=False), name="workstation_used_once"
            ),
            models.CheckConstraint(
                condition=(Q(room__isnull=False) & Q(batch__isnull=True))
                | (Q(room__isnull=True) & Q(batch__isnull=False)),
                name="seat_in_room_or_batch",
            ),
        ]
        indexes = [models.Index(fields=["room", "period"], name="seat_room_period")]

    def __str__(self):
        return f"{self.registration_id} {self.period_id} {self.row}-{self.column}"

    @property
    def seat_label(self) -> str:
        """座號 as printed on the chart and the desk label: row letter and column, e.g. 'C07'."""
        return seat_label(row=self.row, column=self.column)


class AllocationRun(models.Model):
    """One run of the seat allocation for a sitting, with its report (seated, moved, kept,
    shortfall by region and need). A refused run (shortfall) is recorded too, with nothing
    assigned."""

    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.CASCADE, related_name="allocation_runs", verbose_name=_("梯次")
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("執行人"),
    )  # fmt: skip
    ran_at = models.DateTimeField(_("執行時間"), auto_now_add=True)
    completed = models.BooleanField(_("已完成安排"), default=False)
    seated = models.PositiveIntegerField(_("已安排考生"), default=0)
    moved = models.PositiveIntegerField(_("異動考生"), default=0)
    kept = models.PositiveIntegerField(_("維持原座位考生"), default=0)
    report = models.JSONField(_("報告"), default=dict)

    class Meta:
        verbose_name = _("座位安排紀錄")
        verbose_name_plural = _("座位安排紀錄")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.session} {self.ran_at:%Y-%m-%d %H:%M}"
