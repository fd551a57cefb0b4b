"""Forms of the candidate's registration pages. They parse input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.models import Plan, Region, SeatPool, Subject, SubjectKind, Venue
from skillcert.core import clock
from skillcert.core.uploads import DocumentField
from skillcert.groups import selectors as groups_selectors
from skillcert.scoring import selectors as scoring_selectors

from . import catalog_cache, checks, selectors
from .errors import RegistrationError
from .models import RefundKind, SeatChoice, SpecialNeeds

CLAIM_CHOICES = [
    ("", _("不申請（系統自動套用您適用的最低價方案）")),
    (Plan.DISADVANTAGED.value, _("身心障礙、原住民或低收入戶（原價 30%，須上傳證明文件）")),
    (Plan.TRAINING.value, _("近三年內經濟部人才培訓課程結訓（須上傳結訓證明）")),
]


class _CachedRowsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Validates the chosen pks against rows already loaded (`rows`: str(pk) -> row) instead of
    querying per POST; returns those rows in `rows` order. Without `rows`, Django's own check."""

    rows: dict | None = None

    def _check_values(self, value):
        if self.rows is None:
            return super()._check_values(value)
        try:
            chosen = {str(v) for v in frozenset(value)}
        except TypeError:
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for pk in chosen - set(self.rows):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
            )
        return [row for key, row in self.rows.items() if key in chosen]


class _CachedRowsChoiceField(forms.ModelChoiceField):
    """As above for one row."""

    rows: dict | None = None

    def to_python(self, value):
        if self.rows is None or value in self.empty_values:
            return super().to_python(value)
        row = self.rows.get(str(value))
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return row


class RegistrationChoiceForm(forms.Form):
    """Step 1: subjects, region, venue, plan claim and special-needs services."""

    subjects = _CachedRowsMultipleChoiceField(
        label=_("報考考科"), queryset=Subject.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    region = _CachedRowsChoiceField(label=_("考區"), queryset=Region.objects.none(), empty_label=None)
    discount_code = forms.CharField(
        label=_("團報折扣碼（選填）"), required=False, max_length=20,
        help_text=_("由您的團報窗口提供；適用團體報名方案，報名費由團報窗口統一繳納，您不必自行繳費。"),
    )  # fmt: skip
    practical_venue = forms.ModelChoiceField(
        label=_("術科考場（報考術科者）"), queryset=Venue.objects.none(), required=False
    )
    claimed_plan = forms.ChoiceField(
        label=_("申請需審核的優惠方案"), choices=CLAIM_CHOICES, required=False, widget=forms.RadioSelect
    )
    training_pledge = forms.BooleanField(  # brochure 115 附錄三
        label=_(
            "茲保證本人確實已完成經濟部人才培訓課程，並提供相關證明；若事後經查證有身分不實等事，同意撤銷其優惠資格。"
        ),
        required=False,
    )
    recognition_organisation = forms.CharField(
        label=_("iPAS 認同方案：您的學校或公司（全名或統一編號）"),
        required=False,
        max_length=100,
        help_text=_("所屬學校或公司已簽署 iPAS 認同並經執行單位確認者適用；不適用請留空。"),
        widget=forms.TextInput(attrs={"list": "recognised-organisations", "autocomplete": "organization"}),
    )
    extra_minutes = forms.IntegerField(
        label=_("延長考試時間（每科，分鐘）"),
        min_value=0,
        max_value=SpecialNeeds.MAX_EXTRA_MINUTES,
        required=False,
        help_text=_("視覺障礙、上肢肢體障礙、腦性麻痺、重度肢體障礙及多重障礙考生，每科至多 20 分鐘。"),
    )
    enlarged_paper = forms.BooleanField(
        label=_("放大試題：紙筆考科 A3 試題本及答案卷（電腦測驗可自行放大 100%–250%）"), required=False
    )
    ground_floor = forms.BooleanField(label=_("安排在一樓或有電梯的樓層"), required=False)
    seat = forms.ChoiceField(label=_("座位安排"), choices=SeatChoice.choices, required=False)
    other = forms.CharField(
        label=_("其他需求（請詳述）"),
        required=False,
        max_length=SpecialNeeds.MAX_OTHER_CHARS,
        help_text=_("%(limit)d 字以內。") % {"limit": SpecialNeeds.MAX_OTHER_CHARS},
        error_messages={"max_length": _("其他需求請以 %(limit_value)d 字以內說明（目前 %(show_value)d 字）。")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, session, candidate=None, code_lookup=None, **kwargs):
        """`code_lookup(code=, session=)` is the groups' one rule for a discount code (the door
        passes `groups.services.group_sitting_for_code`); without it the form has no code field."""
        super().__init__(*args, **kwargs)
        self.session = session
        self.candidate = candidate
        self.code_lookup, self.group_sitting = code_lookup, None
        if code_lookup is None:
            del self.fields["discount_code"]
        self.fields["subjects"].label_from_instance = lambda s: (
            f"{s.number}. {s.code} {s.name}（{s.get_kind_display()}）"
        )
        if self.is_bound:  # a POST checks its choices against the cached catalog rows (no query)
            self.fields["subjects"].rows = catalog_cache.rows_by_pk(catalog_cache.level_subjects(session.level_id))
            self.fields["region"].rows = catalog_cache.rows_by_pk(catalog_cache.session_regions(session.pk))
            if self.data.get(self.add_prefix("practical_venue")):
                self.fields["practical_venue"].queryset = Venue.objects.filter(pk__in=self._venue_ids())
        else:
            self._offer_choices()

    def clean_recognition_organisation(self):
        """The named school or company, among those whose recognition staff confirmed."""
        text = self.cleaned_data.get("recognition_organisation", "")
        if not text.strip():
            return None
        organisation = groups_selectors.recognised_organisation(text)
        if organisation is None:
            raise forms.ValidationError(
                _(
                    "查無已簽署 iPAS 認同並經執行單位確認的「%(name)s」；請填寫學校或公司全名或 8 位數統一編號，或留空。"
                ),
                params={"name": text.strip()},
            )
        return organisation

    def _venue_ids(self):
        return SeatPool.objects.filter(session=self.session, kind=SubjectKind.PRACTICAL, venue__isnull=False).values(
            "venue"
        )

    def _offer_choices(self) -> None:
        """The querysets the form page lists (an unbound form, or a bound one shown again with
        its errors); a valid POST never needs them."""
        self.fields["subjects"].queryset = Subject.objects.filter(level_id=self.session.level_id).order_by("number")
        self.fields["region"].queryset = self.session.regions.all()
        self._label_kept_passes()
        # Shown only when the sitting has practical venues (the template asks).
        self.fields["practical_venue"].queryset = Venue.objects.filter(pk__in=self._venue_ids())

    def clean_discount_code(self):
        code = self.cleaned_data["discount_code"].strip()
        if code:  # group price, remitted by the group (brochure 115 §3.2-2 (3) B); refusal on the field
            try:
                self.group_sitting = self.code_lookup(code=code, session=self.session)
            except ValidationError as error:
                raise ValidationError(error.messages, code=error.code) from error
        return code

    def clean(self):
        """The choice step refuses what the service would refuse, on the field to change, with
        the same public checks (`checks`): the sitting already registered for, a combination
        that fits no certification path, a practical subject without its venue."""
        data = super().clean()
        if self.candidate is None or self.errors:
            return data
        now, subjects, region, venue = clock.now(), data["subjects"], data["region"], data.get("practical_venue")
        history = selectors.registration_history(candidate=self.candidate)
        for field, check in (
            (None, lambda: checks.check_not_registered(session=self.session, history=history)),
            ("subjects", lambda: checks.check_subjects(
                candidate=self.candidate, session=self.session, subjects=subjects, now=now, history=history
            )),
            ("practical_venue", lambda: checks.check_place(
                session=self.session, region=region, practical_venue=venue, subjects=subjects
            )),
        ):  # fmt: skip
            try:
                check()
            except RegistrationError as error:
                target = "region" if error.code == "region" else field
                self.add_error(target, error.messages)
                if field is None:
                    break
        self._clean_plan_claim(data, now)
        return data

    def _clean_plan_claim(self, data, now) -> None:
        """The claim's own conditions (`checks.check_plan_claim`) and 附錄三's pledge."""
        claimed = data.get("claimed_plan") or None
        if claimed == Plan.TRAINING and not data.get("training_pledge"):
            self.add_error("training_pledge", _("申請人才培訓方案，須勾選保證已完成經濟部人才培訓課程。"))
        try:
            checks.check_plan_claim(
                candidate=self.candidate, claimed_plan=claimed, now=now, group_sitting=None,
                recognition_organisation=data.get("recognition_organisation"),
            )  # fmt: skip
        except RegistrationError as error:
            self.add_error("claimed_plan" if error.code == "training" else "recognition_organisation", error.messages)

    def _label_kept_passes(self) -> None:
        """A kept pass is not required, but the candidate may take the subject again (e.g. to
        certify by the same-sitting average): the choice says it is kept and until when."""
        if self.candidate is None:
            return
        kept = scoring_selectors.kept_passes(candidate=self.candidate, level=self.session.level, on=clock.today())
        if not kept:
            return
        plain = self.fields["subjects"].label_from_instance
        self.fields["subjects"].label_from_instance = lambda s: (
            plain(s)
            + _("（及格成績保留至 %(until)s，可不再報考，亦可重考）")
            % {"until": clock.roc_date(kept[s.pk], weekday=False)}
            if s.pk in kept
            else plain(s)
        )
        self.fields["subjects"].help_text = _(
            "已保留及格成績的考科不必再考；若要以同梯次平均分數取得證書，可再次報考。"
        )

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self._offer_choices()

    def special_needs(self) -> dict | None:
        data = self.cleaned_data
        needs = {
            "extra_minutes": data.get("extra_minutes") or 0,
            "enlarged_paper": bool(data.get("enlarged_paper")),
            "ground_floor": bool(data.get("ground_floor")),
            "seat": data.get("seat") or "",
            "other": (data.get("other") or "").strip(),
        }
        return needs if any(needs.values()) else None


class RegistrationFilesForm(forms.Form):
    """Step 2 (review page): the documents the choices call for."""

    plan_document = DocumentField(
        label=_("優惠方案證明文件（PDF、JPG 或 PNG）"),
        required=False,
        error_messages={
            "required": _("請上傳所申請優惠方案的證明文件：身心障礙、原住民或低收入戶證明，或人才培訓課程結訓證明。")
        },
    )
    special_needs_document = DocumentField(
        label=_("身心障礙證明或公立醫院診斷證明（PDF、JPG 或 PNG）"),
        required=False,
        error_messages={"required": _("申請應考服務須上傳身心障礙證明或公立醫院診斷證明。")},
    )

    def __init__(self, *args, needs_plan_document: bool, needs_special_document: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_document"].required = needs_plan_document
        self.fields["special_needs_document"].required = needs_special_document
        if not needs_plan_document:
            del self.fields["plan_document"]
        if not needs_special_document:
            del self.fields["special_needs_document"]


def _digits(label, fewest: int, most: int, help_text, invalid) -> forms.RegexField:
    """A bank field of `fewest`..`most` digits whose help says how many (issue 13)."""
    return forms.RegexField(
        label=label,
        regex=rf"^\d{{{fewest},{most}}}$",
        max_length=most,
        help_text=help_text,
        error_messages={"invalid": invalid},
    )


class RefundForm(forms.Form):
    kind = forms.ChoiceField(label=_("申請事由"), widget=forms.RadioSelect)
    subjects = forms.MultipleChoiceField(
        label=_("退考的考科（部分退費或其他原因）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("說明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bank_code = _digits(_("銀行代碼（3 碼）"), 3, 3, _("3 位數字，例如 004。"), _("銀行代碼為 3 位數字。"))
    branch_code = _digits(_("分行代碼（4 碼）"), 4, 4, _("4 位數字，見存摺封面。"), _("分行代碼為 4 位數字。"))
    account_number = _digits(_("帳號"), 6, 16, _("6 到 16 位數字，不含橫線。"), _("帳號為 6 到 16 位數字。"))
    account_holder = forms.CharField(label=_("戶名"), max_length=100)
    attachment = DocumentField(label=_("繳費證明或相關文件（PDF、JPG 或 PNG）"), required=False)

    def __init__(self, *args, kinds: list[str], lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, RefundKind(k).label) for k in kinds]
        self.fields["subjects"].choices = [
            (str(line.subject_id), f"{line.subject.code} {line.subject.name}（{line.fee:,} 元）") for line in lines
        ]
