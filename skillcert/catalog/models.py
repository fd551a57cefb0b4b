"""The catalog (SPEC §2): everything a brochure 簡章 says, as records staff edit.

Item 鑑定項目 → Brochure (one per ROC year) → Level 級等 → Subject 考科 (+ syllabus topics)
and CertificationPath; Level → ExamSession 梯次 (milestones, timetable, venues, seat pools);
Level → Fee (per plan and subject kind). Dates are aware datetimes; see core.clock.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.core import clock
from skillcert.core.uploads import document_filename


class Item(models.Model):
    code = models.SlugField(_("代碼"), max_length=20, unique=True, help_text="SPE, MDMT …")
    name_zh = models.CharField(_("中文名稱"), max_length=100)
    name_en = models.CharField(_("英文名稱"), max_length=150, blank=True)
    website = models.URLField(_("能力鑑定網址"), blank=True)
    email = models.EmailField(_("電子郵件"), blank=True)
    phone = models.CharField(_("電話"), max_length=30, blank=True)
    fax = models.CharField(_("傳真"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    organiser = models.CharField(_("主辦單位"), max_length=100, blank=True)
    executor = models.CharField(_("執行單位"), max_length=100, blank=True)
    co_organiser = models.CharField(_("協辦單位"), max_length=100, blank=True)
    purpose = models.TextField(_("目的"), blank=True)
    is_published = models.BooleanField(_("公開"), default=True)

    class Meta:
        verbose_name = _("鑑定項目")
        verbose_name_plural = _("鑑定項目")
        ordering = ["code"]

    def __str__(self):
        return self.name_zh


class Brochure(models.Model):
    """One year's 簡章 of an item: the edition every session, fee and rule hangs from."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="brochures", verbose_name=_("鑑定項目"))
    roc_year = models.PositiveSmallIntegerField(_("年度（民國）"))
    version = models.CharField(_("版次"), max_length=20, blank=True)
    published_on = models.DateField(_("簡章公告日"), null=True, blank=True)
    registration_url = models.URLField(_("線上報名網址"), blank=True)
    group_registration_url = models.URLField(_("團報服務專區網址"), blank=True)
    reissue_fee = models.PositiveIntegerField(_("證書補發工本費"), default=600)
    group_threshold = models.PositiveIntegerField(
        _("團體報名門檻人數"),
        null=True,
        blank=True,
        help_text=_("同一單位單一梯次報名達此人數適用團體報名；空白表示僅需折扣碼。"),
    )
    minimum_turnout = models.PositiveIntegerField(
        _("最低開考人數"), default=40, help_text=_("報考未達此人數，取消辦理當次考試（術科實作不辦理）。")
    )
    schedule_note = models.TextField(_("日程表備註"), blank=True)
    venue_note = models.TextField(_("考場備註"), blank=True)
    fee_notes = models.TextField(_("報名費用備註"), blank=True, help_text=_("一行一則。"))
    payment_info = models.TextField(_("繳費方式"), blank=True, help_text=_("一行一則。"))
    notes = models.TextField(_("備註"), blank=True)
    # 鑑定方式 (§2.4, the computer-based test), 應試須知 and 試場規則 (§3.4) in the brochure's
    # words: [{"heading": "...", "items": ["...", ...]}, ...], shown on the item page.
    exam_rules = models.JSONField(
        _("應試須知與試場規則"),
        default=list,
        blank=True,
        help_text=_('[{"heading": "標題", "items": ["條文", ...]}, ...]'),
    )
    dates_shifted_days = models.IntegerField(
        _("示範資料日期平移天數"), default=0, help_text=_("0 表示簡章原始日期；示範資料載入時自動設定。")
    )

    class Meta:
        verbose_name = _("簡章")
        verbose_name_plural = _("簡章")
        ordering = ["item", "-roc_year"]
        constraints = [models.UniqueConstraint(fields=["item", "roc_year"], name="brochure_one_per_item_year")]

    def __str__(self):
        return f"{self.roc_year} 年度 {self.item}"


class ReissueWindow(models.Model):
    """One of the year's 證書補發 acceptance windows (SPEC §11; brochure 115 §4.3-2(4))."""

    brochure = models.ForeignKey(
        Brochure, on_delete=models.CASCADE, related_name="reissue_windows", verbose_name=_("簡章")
    )
    position = models.PositiveSmallIntegerField(_("梯次"), default=1)
    opens_on = models.DateField(_("受理開始"))
    closes_on = models.DateField(_("受理截止"))

    class Meta:
        verbose_name = _("證書補發受理梯次")
        verbose_name_plural = _("證書補發受理梯次")
        ordering = ["brochure", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["brochure", "position"], name="reissue_window_position_unique"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="reissue_window_ordered"),
        ]

    def __str__(self):
        return f"{self.brochure} 第{self.position}梯 {self.opens_on}~{self.closes_on}"

    @property
    def window(self) -> clock.Window:
        """The printed days 'opens_on ~ closes_on' as the half-open `core.clock.Window`."""
        return clock.Window.days(self.opens_on, self.closes_on)


class Level(models.Model):
    class Rank(models.IntegerChoices):
        BEGINNER = 1, _("初級")
        INTERMEDIATE = 2, _("中級")
        ADVANCED = 3, _("高級")

    brochure = models.ForeignKey(Brochure, on_delete=models.CASCADE, related_name="levels", verbose_name=_("簡章"))
    rank = models.PositiveSmallIntegerField(_("級等"), choices=Rank.choices)
    code = models.CharField(_("代碼"), max_length=10, help_text="L1, L2")
    written_quota = models.PositiveIntegerField(_("學科報名限額（每梯次）"), null=True, blank=True)
    practical_quota_note = models.CharField(_("術科限額說明"), max_length=200, blank=True)
    suggested_candidates = models.TextField(_("建議報考對象"), blank=True)
    competence = models.TextField(_("能力指標"), blank=True)
    passing_performance = models.TextField(_("合格之能力表現"), blank=True)
    certificate_valid_years = models.PositiveSmallIntegerField(
        _("證書效期（年）"), null=True, blank=True, help_text=_("空白表示永久有效。")
    )
    renewal_training_hours = models.PositiveSmallIntegerField(_("換證所需訓練時數"), default=48)
    pass_mark = models.PositiveSmallIntegerField(_("單科及格分數"), default=70)
    average_mark = models.PositiveSmallIntegerField(_("同梯平均及格分數"), default=70)
    floor_mark = models.PositiveSmallIntegerField(_("同梯單科最低分數"), default=60)
    kept_pass_years = models.PositiveSmallIntegerField(_("及格成績保留年度"), default=3)
    note = models.TextField(_("說明"), blank=True, help_text=_("如：考科2、考科3擇一報考；本年度未辦理中級考試。"))

    class Meta:
        verbose_name = _("級等")
        verbose_name_plural = _("級等")
        ordering = ["brochure", "rank"]
        constraints = [models.UniqueConstraint(fields=["brochure", "rank"], name="level_one_rank_per_brochure")]

    def __str__(self):
        return f"{self.brochure.item} {self.get_rank_display()}"

    @property
    def item(self):
        return self.brochure.item


class SubjectKind(models.TextChoices):
    WRITTEN = "written", pgettext_lazy("subject kind", "學科")
    PRACTICAL = "practical", pgettext_lazy("subject kind", "術科實作")


class Subject(models.Model):
    class Format(models.TextChoices):
        CBT = "cbt", _("電腦測驗")
        PAPER = "paper", _("紙筆測驗")
        DRAWING = "drawing", _("繪製實作及紙筆測驗")
        PRACTICAL = "practical", _("紙筆測驗+術科實作")

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("級等"))
    number = models.PositiveSmallIntegerField(_("考科序號"))
    code = models.CharField(_("科目代碼"), max_length=10, help_text="L11, L12 …")
    name = models.CharField(_("科目名稱"), max_length=100)
    kind = models.CharField(_("類別"), max_length=10, choices=SubjectKind.choices, default=SubjectKind.WRITTEN)
    format = models.CharField(_("鑑定方式"), max_length=10, choices=Format.choices, default=Format.CBT)
    question_type = models.CharField(_("題型"), max_length=100, blank=True, help_text=_("如：單選題 (100%)"))
    duration_minutes = models.PositiveSmallIntegerField(_("考試時間（分鐘）"), null=True, blank=True)
    competence = models.TextField(_("能力指標"), blank=True)

    class Meta:
        verbose_name = _("考科")
        verbose_name_plural = _("考科")
        ordering = ["level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "number"], name="subject_number_unique_in_level"),
            models.UniqueConstraint(fields=["level", "code"], name="subject_code_unique_in_level"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class SyllabusTopic(models.Model):
    """評鑑主題 (parent=None, e.g. L111) and 評鑑內容 (child, e.g. L11101)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="topics", verbose_name=_("考科"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("代碼"), max_length=12)
    title = models.TextField(_("內容"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("評鑑主題/內容")
        verbose_name_plural = _("評鑑主題/內容")
        ordering = ["subject", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["subject", "code"], name="topic_code_unique_in_subject")]

    def __str__(self):
        return f"{self.code} {self.title}"


class CertificationPath(models.Model):
    """A set of subjects that certifies the level (SPE 初級: {1,2} or {1,3})."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="paths", verbose_name=_("級等"))
    name = models.CharField(_("名稱"), max_length=20, help_text="A, B")
    subjects = models.ManyToManyField(Subject, related_name="paths", verbose_name=_("考科"))

    class Meta:
        verbose_name = _("授證組合")
        verbose_name_plural = _("授證組合")
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["level", "name"], name="path_name_unique_in_level")]

    def __str__(self):
        return f"{self.level} {self.name}"


class Region(models.Model):
    name = models.CharField(_("考區"), max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("考區")
        verbose_name_plural = _("考區")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Venue(models.Model):
    """考場: a building of a region where candidates sit (SPEC §2, §9). Its rooms, seats and the
    sitting-day allocation live in `skillcert.examday` (Room, SeatAssignment); practical venues
    are venues too, with seat pools here and batches 梯次 in examday."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="venues", verbose_name=_("考區"))
    name = models.CharField(_("考場名稱"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    map_url = models.URLField(_("地圖連結"), max_length=500, blank=True)
    contact_name = models.CharField(_("考場聯絡人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("考場聯絡電話"), max_length=30, blank=True)
    has_lift = models.BooleanField(_("有電梯或一樓試場"), default=True)

    class Meta:
        verbose_name = _("考場")
        verbose_name_plural = _("考場")
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="venue_name_unique_in_region")]

    def __str__(self):
        return f"{self.region} {self.name}"


class ExamSession(models.Model):
    """梯次: one sitting of one level, with every milestone of the brochure's schedule table."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("級等"))
    nth = models.PositiveSmallIntegerField(_("梯次"), default=1)
    exam_date = models.DateField(_("考試日期"))
    exam_date_note = models.CharField(_("考試日期說明"), max_length=200, blank=True)
    group_registration_opens = models.DateTimeField(_("團體報名開始"))
    group_registration_closes = models.DateTimeField(_("團體報名截止"))
    registration_opens = models.DateTimeField(_("個人報名開始"))
    registration_closes = models.DateTimeField(_("個人報名截止"))
    notice_days_before = models.PositiveSmallIntegerField(_("考試通知：考前天數"), default=10)
    sample_questions_note = models.CharField(_("考試樣題公告"), max_length=100, blank=True)
    sample_questions_working_days = models.PositiveSmallIntegerField(
        _("考試後第幾個工作天公告樣題"), null=True, blank=True
    )
    dispute_on_exam_day = models.BooleanField(_("考試當天可提出疑義"), default=True)
    dispute_opens = models.DateField(_("疑義申請開始"), null=True, blank=True)
    dispute_closes = models.DateField(_("疑義申請截止"), null=True, blank=True)
    scores_published_on = models.DateField(_("成績公告日"))
    scores_note = models.CharField(_("成績公告說明"), max_length=100, blank=True)
    review_opens = models.DateField(_("成績複查開始"), null=True, blank=True)
    review_closes = models.DateField(_("成績複查截止"), null=True, blank=True)
    review_days_from_publication = models.PositiveSmallIntegerField(
        _("成績公告（含）起幾日內可複查"), null=True, blank=True
    )
    review_reply_working_days = models.PositiveSmallIntegerField(_("複查回覆工作天"), default=3)
    certificates_mailed_from = models.DateField(_("證書寄發"), null=True, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="sessions", verbose_name=_("考區"))
    regions_note = models.CharField(_("考區說明"), max_length=200, blank=True)
    status_note = models.CharField(_("狀態說明"), max_length=200, blank=True, help_text=_("如延期、停辦公告"))
    is_cancelled = models.BooleanField(_("停辦"), default=False)

    class Meta:
        verbose_name = _("梯次")
        verbose_name_plural = _("梯次")
        ordering = ["exam_date", "level"]
        constraints = [
            models.UniqueConstraint(fields=["level", "nth"], name="session_nth_unique_in_level"),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")), name="session_window_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.level} 第{self.nth}次"


class SessionSubject(models.Model):
    """The timetable: when a subject sits in a session (practical: '另於網站最新消息公告')."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="timetable", verbose_name=_("梯次"))
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="sittings", verbose_name=_("考科"))
    starts_at = models.DateTimeField(_("開始"), null=True, blank=True)
    ends_at = models.DateTimeField(_("結束"), null=True, blank=True)
    note = models.CharField(_("說明"), max_length=200, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("考區"))

    class Meta:
        verbose_name = _("考試時間表")
        verbose_name_plural = _("考試時間表")
        ordering = ["session", "starts_at", "subject__number"]
        constraints = [models.UniqueConstraint(fields=["session", "subject"], name="timetable_subject_once")]

    def __str__(self):
        return f"{self.session} {self.subject}"


class SeatPool(models.Model):
    """名額: a quota row decremented by a conditional UPDATE (SPEC §2, STYLE 5).

    One pool per session for written subjects (e.g. 1,000), one per practical venue."""

    session = models.ForeignKey(
        ExamSession, on_delete=models.CASCADE, related_name="seat_pools", verbose_name=_("梯次")
    )
    kind = models.CharField(_("類別"), max_length=10, choices=SubjectKind.choices, default=SubjectKind.WRITTEN)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("術科考場"))
    capacity = models.PositiveIntegerField(_("限額"))
    held = models.PositiveIntegerField(_("已占用"), default=0)
    note = models.CharField(_("說明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("名額")
        verbose_name_plural = _("名額")
        constraints = [
            models.CheckConstraint(condition=Q(held__lte=F("capacity")), name="seatpool_never_oversold"),
            models.UniqueConstraint(fields=["session", "kind", "venue"], name="seatpool_unique"),
        ]

    def __str__(self):
        return f"{self.session} {self.get_kind_display()} {self.venue or ''} {self.held}/{self.capacity}"


class Plan(models.TextChoices):
    """Pricing plans 報名費用方案 (SPEC §5)."""

    LIST = "list", _("原價")
    NEW = "new", _("新考生報名優惠")
    RETURNING = "returning", _("舊考生方案")
    RECOGNITION = "recognition", _("iPAS 認同方案")
    GROUP = "group", _("團體報名方案")
    TRAINING = "training", _("產業發展署人才培訓方案")
    DISADVANTAGED = "disadvantaged", _("身心障礙/原住民/低收入戶優惠")
    RECHARGE = "recharge", _("iPAS x 人培再充電方案")


class Fee(models.Model):
    """One cell of a brochure's fee table: per subject, by level, plan and subject kind.
    Either a fixed amount or a percentage of the list price (the 30% plan)."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="fees", verbose_name=_("級等"))
    plan = models.CharField(_("方案"), max_length=20, choices=Plan.choices)
    kind = models.CharField(_("類別"), max_length=10, choices=SubjectKind.choices)
    amount = models.PositiveIntegerField(_("每科金額"), null=True, blank=True)
    percent_of_list = models.PositiveSmallIntegerField(_("原價百分比"), null=True, blank=True)
    needs_documents = models.BooleanField(_("需審核證明文件"), default=False)
    note = models.CharField(_("說明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("報名費用")
        verbose_name_plural = _("報名費用")
        ordering = ["level", "kind", "plan"]
        constraints = [
            models.UniqueConstraint(fields=["level", "plan", "kind"], name="fee_cell_unique"),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(percent_of_list__isnull=False), name="fee_has_amount_or_percent"
            ),
        ]

    def __str__(self):
        return f"{self.level} {self.get_plan_display()} {self.get_kind_display()}"


class News(models.Model):
    item = models.ForeignKey(
        Item,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="news",
        verbose_name=_("鑑定項目"),
        help_text=_("空白表示全站公告"),
    )
    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(_("內容"))
    published_at = models.DateTimeField(_("公告時間"))
    is_pinned = models.BooleanField(_("置頂"), default=False)
    is_published = models.BooleanField(_("公開"), default=True)

    class Meta:
        verbose_name = _("最新消息")
        verbose_name_plural = _("最新消息")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title


def _sample_path(instance, filename):
    return f"catalog/samples/{instance.session_id}/{document_filename(filename)}"


class SampleQuestionFile(models.Model):
    """年度考試樣題: a file staff publish for a level's sitting; the public sees it from the
    sitting's 樣題公告 milestone (catalog.samples)."""

    session = models.ForeignKey(
        ExamSession, on_delete=models.CASCADE, related_name="sample_files", verbose_name=_("梯次")
    )
    title = models.CharField(_("標題"), max_length=100)
    document = models.FileField(_("樣題檔案"), upload_to=_sample_path)
    uploaded_at = models.DateTimeField(_("上傳時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度考試樣題")
        verbose_name_plural = _("年度考試樣題")
        ordering = ["session", "pk"]

    def __str__(self):
        return f"{self.session} {self.title}"
