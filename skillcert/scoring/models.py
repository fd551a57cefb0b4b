"""Scores, CBT responses and answer keys, certification outcomes, reviews and disputes (SPEC §10)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from skillcert.core.clock import roc_date
from skillcert.core.uploads import document_filename


class Attendance(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "到考")
    ABSENT = "absent", pgettext_lazy("attendance", "缺考")


class Sanction(models.TextChoices):
    """Exam-day rule breaches that void a subject (brochure §3 試場規則)."""

    NONE = "", _("無")
    NO_SCORE = "no_score", _("不予計分（交談或傳遞）")
    DISQUALIFIED = "disqualified", _("取消應考資格（冒名頂替或舞弊）")


class Score(models.Model):
    """One registered subject's result. `score` is the final integer 0–100 (None: no score)."""

    registration_subject = models.OneToOneField(
        "registrations.RegistrationSubject", on_delete=models.PROTECT, related_name="score"
    )
    # Denormalised from the registration for fast per-candidate and per-session queries.
    candidate = models.ForeignKey(
        "accounts.CandidateProfile", on_delete=models.PROTECT, related_name="scores", verbose_name=_("考生")
    )
    session = models.ForeignKey(
        "catalog.ExamSession", on_delete=models.PROTECT, related_name="scores", verbose_name=_("梯次")
    )
    subject = models.ForeignKey("catalog.Subject", on_delete=models.PROTECT, related_name="scores")
    attendance = models.CharField(_("到考"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT)
    raw_score = models.DecimalField(_("原始分數"), max_digits=6, decimal_places=2, null=True, blank=True)
    deduction = models.PositiveSmallIntegerField(_("違規扣分"), default=0)
    sanction = models.CharField(_("違規處分"), max_length=20, choices=Sanction.choices, blank=True, default="")
    score = models.PositiveSmallIntegerField(_("成績"), null=True, blank=True)
    graded_from_responses = models.BooleanField(_("依作答紀錄計分"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("成績")
        verbose_name_plural = _("成績")
        ordering = ["session", "subject__number", "candidate"]
        constraints = [
            models.UniqueConstraint(fields=["session", "subject", "candidate"], name="score_once_per_sitting"),
            models.CheckConstraint(condition=Q(score__lte=100), name="score_at_most_100"),
        ]
        indexes = [models.Index(fields=["candidate", "subject"])]

    def __str__(self):
        return f"{self.candidate_id} {self.subject_id} {self.score}"


class Deduction(models.Model):
    """A rule breach recorded on exam day or by review (phone −5…−20; communicating; fraud)."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("電子設備發出聲響（扣 5 至 20 分）")
        COMMUNICATING = "communicating", _("交談或傳遞（該科不予計分）")
        FRAUD = "fraud", _("冒名頂替或舞弊（取消應考資格）")

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="deductions")
    kind = models.CharField(_("違規事項"), max_length=20, choices=Kind.choices)
    points = models.PositiveSmallIntegerField(_("扣分"), default=0)
    note = models.CharField(_("說明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("違規紀錄")
        verbose_name_plural = _("違規紀錄")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="phone") | Q(points__gte=5, points__lte=20), name="deduction_phone_5_to_20"
            )
        ]

    def __str__(self):
        return f"{self.score_id} {self.kind} {self.points}"


class AnswerKey(models.Model):
    """One question of a CBT subject sitting: correct option(s) and points. A ruling changes it."""

    session = models.ForeignKey("catalog.ExamSession", on_delete=models.CASCADE, related_name="answer_keys")
    subject = models.ForeignKey("catalog.Subject", on_delete=models.CASCADE, related_name="answer_keys")
    question = models.PositiveSmallIntegerField(_("題號"))
    options = models.CharField(_("正確選項"), max_length=10, help_text=_("如 B；多個選項均給分如 AC"))
    everyone_scores = models.BooleanField(_("整題一律給分"), default=False)
    points = models.DecimalField(_("配分"), max_digits=5, decimal_places=2, default=2)

    class Meta:
        verbose_name = _("標準答案")
        verbose_name_plural = _("標準答案")
        ordering = ["session", "subject", "question"]
        constraints = [
            models.UniqueConstraint(fields=["session", "subject", "question"], name="answer_key_question_once")
        ]

    def __str__(self):
        return f"{self.subject_id} Q{self.question} {self.options}"


class Response(models.Model):
    """A candidate's stored CBT answer to one question ('' = 不作答)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="responses")
    question = models.PositiveSmallIntegerField(_("題號"))
    answer = models.CharField(_("作答"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("作答紀錄")
        verbose_name_plural = _("作答紀錄")
        constraints = [models.UniqueConstraint(fields=["score", "question"], name="response_once_per_question")]

    def __str__(self):
        return f"{self.score_id} Q{self.question} {self.answer}"


class ScoreImport(models.Model):
    """One uploaded file of scores or responses, with its row-by-row report."""

    class Kind(models.TextChoices):
        SCORES = "scores", _("成績")
        RESPONSES = "responses", _("作答紀錄")
        KEY = "key", _("標準答案")

    session = models.ForeignKey("catalog.ExamSession", on_delete=models.CASCADE, related_name="score_imports")
    subject = models.ForeignKey("catalog.Subject", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("檔名"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted = models.PositiveIntegerField(_("成功筆數"), default=0)
    refused = models.PositiveIntegerField(_("失敗筆數"), default=0)
    report = models.JSONField(_("逐列報告"), default=list)

    class Meta:
        verbose_name = _("成績匯入")
        verbose_name_plural = _("成績匯入")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.session} {self.subject} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Outcome(models.Model):
    """The certification decision for one candidate and level, re-evaluated idempotently."""

    candidate = models.ForeignKey("accounts.CandidateProfile", on_delete=models.CASCADE, related_name="outcomes")
    level = models.ForeignKey("catalog.Level", on_delete=models.CASCADE, related_name="outcomes")
    certified = models.BooleanField(_("取得授證資格"), default=False)
    path = models.ForeignKey("catalog.CertificationPath", null=True, blank=True, on_delete=models.SET_NULL)
    rule = models.CharField(_("依據"), max_length=20, blank=True)
    sitting = models.ForeignKey(
        "catalog.ExamSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missing = models.JSONField(_("尚缺考科"), default=list, blank=True)
    # Certified at this level already (e.g. under another brochure year): passes kept, no 2nd certificate.
    already_certified = models.BooleanField(_("已取得該級等證書"), default=False)
    certified_at = models.DateTimeField(_("取得資格時間"), null=True, blank=True)
    # When `candidate_certified` was sent (only from the sitting's publication day on).
    announced_at = models.DateTimeField(_("通知發證時間"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("評定時間"))

    class Meta:
        verbose_name = _("授證資格評定")
        verbose_name_plural = _("授證資格評定")
        constraints = [models.UniqueConstraint(fields=["candidate", "level"], name="outcome_once_per_level")]

    def __str__(self):
        return f"{self.candidate_id} {self.level_id} {self.certified}"


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("review", "複查中")
    EXTENDED = "extended", pgettext_lazy("review", "延長查復")
    REPLIED = "replied", pgettext_lazy("review", "已查復")


class ScoreReview(models.Model):
    """成績複查 (附錄五): once per sitting; reply due within 3 working days."""

    TRANSITIONS = {
        ReviewStatus.SUBMITTED: {ReviewStatus.EXTENDED, ReviewStatus.REPLIED},
        ReviewStatus.EXTENDED: {ReviewStatus.REPLIED},
        ReviewStatus.REPLIED: set(),
    }

    class Result(models.TextChoices):
        UNCHANGED = "unchanged", _("成績無誤")
        CORRECTED = "corrected", _("成績更正")

    candidate = models.ForeignKey("accounts.CandidateProfile", on_delete=models.PROTECT, related_name="reviews")
    session = models.ForeignKey("catalog.ExamSession", on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(_("狀態"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED)
    reason = models.TextField(_("申請說明"), blank=True)
    requested_at = models.DateTimeField(_("申請時間"))
    due_on = models.DateField(_("查復期限"))
    checked_attendance = models.BooleanField(_("已核對到考、缺考紀錄"), default=False)
    checked_deductions = models.BooleanField(_("已核對違規扣分或扣考紀錄"), default=False)
    rescored = models.BooleanField(_("已重新核對作答／評分"), default=False)
    result = models.CharField(_("複查結果"), max_length=20, choices=Result.choices, blank=True)
    reply = models.TextField(_("查復說明"), blank=True)
    replied_at = models.DateTimeField(_("查復時間"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("成績複查")
        verbose_name_plural = _("成績複查")
        ordering = ["due_on", "requested_at"]
        constraints = [models.UniqueConstraint(fields=["candidate", "session"], name="review_once_per_sitting")]

    def __str__(self):
        return f"#{self.pk} {self.candidate_id} {self.session}"

    @property
    def due_on_roc(self) -> str:
        return roc_date(self.due_on)


class ReviewedScore(models.Model):
    review = models.ForeignKey(ScoreReview, on_delete=models.CASCADE, related_name="items")
    score = models.ForeignKey(Score, on_delete=models.PROTECT, related_name="+")
    original_score = models.PositiveSmallIntegerField(_("原成績"), null=True)
    corrected_score = models.PositiveSmallIntegerField(_("更正後成績"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "score"], name="reviewed_score_once")]

    def __str__(self):
        return f"{self.review_id} {self.score_id}"


def _evidence_path(instance, filename: str) -> str:
    return f"disputes/{instance.session_id}/{document_filename(filename)}"


class Dispute(models.Model):
    """疑義 (附錄六): one complete filing per question per candidate."""

    class Channel(models.TextChoices):
        EXAM_DAY = "exam_day", _("考試當天於試場提出（監試人員記錄）")
        ONLINE = "online", _("網路申請")

    candidate = models.ForeignKey("accounts.CandidateProfile", on_delete=models.PROTECT, related_name="disputes")
    session = models.ForeignKey("catalog.ExamSession", on_delete=models.PROTECT, related_name="disputes")
    subject = models.ForeignKey("catalog.Subject", on_delete=models.PROTECT, related_name="disputes")
    question = models.PositiveSmallIntegerField(_("題號"))
    reason = models.TextField(_("疑義原因及說明"))
    evidence = models.FileField(_("佐證資料"), upload_to=_evidence_path, blank=True)
    evidence_type = models.CharField(max_length=50, blank=True)
    channel = models.CharField(_("提出方式"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("提出時間"))

    class Meta:
        verbose_name = _("疑義考題申請")
        verbose_name_plural = _("疑義考題申請")
        ordering = ["session", "subject", "question", "filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "session", "subject", "question"], name="dispute_once_per_question"
            )
        ]

    def __str__(self):
        return f"{self.subject} Q{self.question} {self.candidate_id}"


class Ruling(models.Model):
    """The committee's final ruling on one disputed question (附錄六 三)."""

    class Decision(models.TextChoices):
        NOT_UPHELD = "not_upheld", _("疑義不成立，依原答案評閱")
        CHANGE_KEY = "change_key", _("變更正確答案")
        ACCEPT_OPTIONS = "accept_options", _("多個選項均予給分")
        ALL_POINTS = "all_points", _("整題一律給分")

    session = models.ForeignKey("catalog.ExamSession", on_delete=models.PROTECT, related_name="rulings")
    subject = models.ForeignKey("catalog.Subject", on_delete=models.PROTECT, related_name="+")
    question = models.PositiveSmallIntegerField(_("題號"))
    decision = models.CharField(_("釋覆結果"), max_length=20, choices=Decision.choices)
    previous_options = models.CharField(_("原正確選項"), max_length=10, blank=True)
    options = models.CharField(_("給分選項"), max_length=10, blank=True)
    note = models.TextField(_("委員會說明"), blank=True)
    news = models.ForeignKey("catalog.News", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ruled_at = models.DateTimeField(_("釋覆時間"))

    class Meta:
        verbose_name = _("疑義釋覆")
        verbose_name_plural = _("疑義釋覆")
        constraints = [models.UniqueConstraint(fields=["session", "subject", "question"], name="ruling_once")]

    def __str__(self):
        return f"{self.subject} Q{self.question} {self.decision}"


class PublicationNotice(models.Model):
    """Records that candidates of a session were e-mailed on its score publication day."""

    session = models.OneToOneField("catalog.ExamSession", on_delete=models.CASCADE, related_name="publication_notice")
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.session} {self.sent_at}"
