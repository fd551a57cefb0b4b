"""Forms of the candidate account pages. They parse and check input; services do the work."""

import datetime as dt
import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from skillcert.core import clock
from skillcert.core.identifiers import is_personal_id, is_resident_certificate, normalise
from skillcert.registrations.pricing import training_certificate_refusal

from .models import CandidateProfile, User
from .services import CANDIDATE_EDITABLE_FIELDS
from .validators import clean_name_en, clean_name_zh, validate_account_name

MOBILE_RE = re.compile(r"^09\d{8}$")


class NoLabelSuffix:
    """zh-Hant labels read better without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CaptchaInput(CaptchaTextInput):
    """The image, its spoken version and one text box, labelled as one field (Django would wrap a
    multi-widget in a fieldset whose text box then has no label of its own)."""

    use_fieldset = False
    template_name = "accounts/captcha_widget.html"


def captcha_field():
    return CaptchaField(
        label=_("驗證碼"),
        widget=CaptchaInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_(
            "請輸入圖片中的 5 位數字；看不清楚時可點「聽語音驗證碼」（英語念出數字），或重新整理頁面換一張。"
            "仍無法辨識的考生請來電服務專線 03-5917544 協助。"
        ),
        error_messages={"invalid": _("驗證碼錯誤，請重新輸入圖片中的數字。")},
    )


def _mobile(value: str) -> str:
    value = re.sub(r"[\s\-]", "", value or "")
    if not MOBILE_RE.match(value):
        raise forms.ValidationError(_("手機號碼請輸入 09 開頭的 10 位數字，例如 0912345678。"))
    return value


def _personal_id(value: str) -> str:
    value = normalise(value)
    if not is_personal_id(value):
        raise forms.ValidationError(
            _("身分證字號或居留證號格式或檢查碼錯誤，請再確認（例：A123456789、A800000014、AC01234567）。")
        )
    return value


class PrintableNamesMixin:
    """中文姓名 and 英文姓名 through the one rule of accounts.validators (what prints on a
    certificate). The browser gets no maxlength: a long name is refused with a message, not cut."""

    NAME_CLEANERS = {"name_zh": "_clean_name_zh", "name_en": "_clean_name_en"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.NAME_CLEANERS:
            if name in self.fields:
                field = self.fields[name]
                field.max_length = None
                field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.widget.attrs.pop("maxlength", None)

    def _resident(self) -> bool:
        national_id = self.cleaned_data.get("national_id") or getattr(
            getattr(self, "instance", None), "national_id", ""
        )
        return is_resident_certificate(national_id or "")

    def _clean_name_zh(self, value):
        return clean_name_zh(value, resident=self._resident())

    def _clean_name_en(self, value):
        return clean_name_en(value)

    def clean(self):
        data = super().clean()
        for name, cleaner in self.NAME_CLEANERS.items():
            if data.get(name):
                try:
                    data[name] = getattr(self, cleaner)(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


class AccountFieldsMixin:
    def clean_username(self):
        value = (self.cleaned_data.get("username") or "").strip()
        validate_account_name(value)
        return value


class SignUpStartForm(NoLabelSuffix, PrintableNamesMixin, AccountFieldsMixin, forms.Form):
    """First visit: a new account, password and Chinese name (login guide 第一次登入的考生)."""

    username = forms.CharField(
        label=_("帳號"),
        max_length=60,  # longer input gets the clear 30-character message, not a browser cut-off
        help_text=_("最多 30 個英文字母或數字；不可使用全形符號、中文字或身分證字號；註冊後不可修改。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("密碼"),
        strip=False,
        help_text=_("至少 12 碼，須同時包含英文字母與數字，不可使用常見密碼。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("再次輸入密碼"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    name_zh = forms.CharField(
        label=_("中文姓名"),
        help_text=_("中文字，原住民族或音譯姓名可用間隔號「·」；持居留證者可填居留證上的英文姓名。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    captcha = captcha_field()

    def _resident(self) -> bool:
        return True  # the ID comes on the next step, where the name is checked again against it

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("兩次輸入的密碼不一致。"))
        elif password:
            probe = User(username=data.get("username", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AccountNameForm(NoLabelSuffix, AccountFieldsMixin, forms.Form):
    """A group-created candidate's own account name, chosen once after the first login."""

    username = forms.CharField(
        label=_("帳號"),
        max_length=60,
        help_text=_("最多 30 個英文字母或數字；不可使用全形符號、中文字或身分證字號；設定後不可修改。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class ConsentForm(NoLabelSuffix, forms.Form):
    agree = forms.BooleanField(
        label=_("本人已詳細閱讀並瞭解上述告知事項，同意蒐集、處理及利用本人之個人資料。"),
        error_messages={"required": _("須勾選同意，才能繼續註冊。")},
    )


class PersonalDataForm(NoLabelSuffix, PrintableNamesMixin, forms.ModelForm):
    """考生基本資料: shared by sign-up (with national ID) and 考生基本資料維護 (without)."""

    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    field_order = [
        "national_id",
        "name_zh",
        "name_en",
        "birthday",
        "mobile",
        "email",
        "postal_address",
        "school_or_employer",
        "moea_training_recent",
        "moea_training_certificate_on",
    ]

    class Meta:
        model = CandidateProfile
        fields = list(CANDIDATE_EDITABLE_FIELDS)  # what a candidate fills in is what they may edit
        widgets = {
            "birthday": forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
            "mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
            "postal_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "moea_training_certificate_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "name_zh": _("中文字，原住民族或音譯姓名可用間隔號「·」；持居留證者可填居留證上的英文姓名。"),
            "name_en": _("請以大寫英文字母填寫，與護照相同，例如 WANG XIAO MING。"),
            "mobile": _("例如 0912345678。"),
            "school_or_employer": _("選填。"),
            "moea_training_certificate_on": _("勾選上一項者必填：培訓證書或結業證書上的日期（三年內）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_en", "birthday", "mobile", "postal_address"):
            self.fields[name].required = True

    def clean_mobile(self):
        return _mobile(self.cleaned_data.get("mobile"))

    def clean(self):
        """人才培訓方案 (brochure 115 §3.3): the tick needs the certificate's date, within three
        years and not in the future (`pricing.training_certificate_refusal`)."""
        data = super().clean()
        if data.get("moea_training_recent"):
            refusal = training_certificate_refusal(
                ticked=True, certificate_on=data.get("moea_training_certificate_on"), on=clock.today()
            )
            if refusal:
                self.add_error("moea_training_certificate_on", refusal)
        return data

    def clean_birthday(self):
        value = self.cleaned_data.get("birthday")
        if value and not (dt.date(1900, 1, 1) <= value <= clock.today()):
            raise forms.ValidationError(_("出生日期不正確。"))
        return value


class SignUpDetailsForm(PersonalDataForm):
    national_id = forms.CharField(
        label=_("身分證字號/居留證號"),
        max_length=10,
        help_text=_("本國籍請填身分證字號；外籍人士請填居留證號（新式或舊式）。註冊後不可自行修改。"),
    )

    def clean_national_id(self):
        return _personal_id(self.cleaned_data.get("national_id"))


class LoginForm(NoLabelSuffix, forms.Form):
    username = forms.CharField(
        label=_("帳號"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("密碼"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    captcha = captcha_field()


TOTP_CODE_LABEL = _("驗證器 App 顯示的 6 位數字")


class StaffLoginForm(LoginForm):
    """The back office's login: account, password, the authenticator's code and the captcha in one
    step. The device is the account's own; the form never offers a choice of device."""

    otp_token = forms.CharField(
        label=TOTP_CODE_LABEL,
        required=False,  # a first login, before enrolment, has no code yet
        help_text=_("第一次登入後台、尚未設定驗證器的人員免填。"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    field_order = ["username", "password", "otp_token", "captcha"]


class RecoveryForm(NoLabelSuffix, forms.Form):
    """查詢帳號/密碼: 寄送 EMail (national ID optional for a group candidate's first login) or
    寄送簡訊 (national ID + Chinese name + mobile)."""

    CHANNELS = [("email", _("寄送 EMail")), ("sms", _("寄送簡訊"))]
    channel = forms.ChoiceField(label=_("寄送類型"), choices=CHANNELS, widget=forms.RadioSelect, initial="email")
    national_id = forms.CharField(
        label=_("身分證字號/居留證號"),
        max_length=10,
        required=False,
        help_text=_("團報考生第一次登入且以 EMail 查詢時可免填。"),
    )
    name_zh = forms.CharField(label=_("中文姓名"), max_length=50)
    email = forms.EmailField(label=_("EMAIL 信箱"), required=False, help_text=_("寄送 EMail 時必填。"))
    mobile = forms.CharField(
        label=_("手機"),
        max_length=20,
        required=False,
        help_text=_("寄送簡訊時必填；若未登記手機號碼，請選擇寄送 EMail。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    captcha = captcha_field()

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        national_id = (data.get("national_id") or "").strip()
        if national_id:
            try:
                data["national_id"] = _personal_id(national_id)
            except forms.ValidationError as error:
                self.add_error("national_id", error)
        if channel == "sms":
            if not national_id:
                self.add_error("national_id", _("以簡訊查詢時，請輸入身分證字號或居留證號。"))
            try:
                data["mobile"] = _mobile(data.get("mobile"))
            except forms.ValidationError as error:
                self.add_error("mobile", error)
        elif channel == "email" and not data.get("email"):
            self.add_error("email", _("請輸入報名時所使用的 EMAIL 信箱。"))
        return data

    @property
    def target(self) -> str:
        """Whom the request is about, for the per-target counters."""
        data = self.cleaned_data
        return data.get("national_id") or data.get("email") or ""


class EmailLookupForm(NoLabelSuffix, forms.Form):
    username = forms.CharField(label=_("帳號"), max_length=60)
    national_id = forms.CharField(label=_("身分證字號/居留證號"), max_length=10)
    name_zh = forms.CharField(label=_("中文姓名"), max_length=50)
    captcha = captcha_field()

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip()

    def clean_national_id(self):
        return _personal_id(self.cleaned_data.get("national_id"))


class TotpConfirmForm(NoLabelSuffix, forms.Form):
    token = forms.CharField(
        label=TOTP_CODE_LABEL,
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
