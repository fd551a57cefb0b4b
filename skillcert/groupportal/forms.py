"""Forms of the group portal: they parse and check input; `skillcert.groups` services act."""

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from skillcert.accounts.forms import AccountFieldsMixin, NoLabelSuffix, captcha_field
from skillcert.accounts.models import User
from skillcert.core.identifiers import is_business_number
from skillcert.core.uploads import DocumentField
from skillcert.groups.models import Organisation, VenueRequest
from skillcert.registrations.models import RefundKind


def clean_business_number(value: str) -> str:
    value = (value or "").strip()
    if not is_business_number(value):
        raise forms.ValidationError(_("統一編號為 8 位數字，且須通過檢查碼驗證（含 112 年新制），請再確認。"))
    return value


class OrganisationForm(NoLabelSuffix, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "group_code", "name", "kind", "business_number", "invoice_title", "address", "contact_email",
            "recognition_signed_on", "refund_bank_code", "refund_branch_code", "refund_account_number",
        ]  # fmt: skip
        widgets = {"recognition_signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "group_code": _("英文字母或數字，最多 20 碼，單位自訂。"),
            "recognition_signed_on": _("已簽署企業或學校認同者請填簽署日期（認同方案與團體報名方案需要）。"),
            "refund_account_number": _("團體報名費用之退費僅退回單位帳戶。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organiser = Organisation.Kind.ORGANISER
        if self.instance.kind == organiser:  # set by staff: shown, not changed here
            self.fields["kind"].disabled = True
        else:
            self.fields["kind"].choices = [(k, label) for k, label in Organisation.Kind.choices if k != organiser]

    def clean_group_code(self):
        value = (self.cleaned_data.get("group_code") or "").strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{2,20}", value):
            raise forms.ValidationError(_("團報代碼請用 2 到 20 個英文字母或數字。"))
        return value

    def clean_business_number(self):
        return clean_business_number(self.cleaned_data.get("business_number"))

    def clean(self):
        data = super().clean()
        for name, digits in (("refund_bank_code", 3), ("refund_branch_code", 4)):
            if data.get(name) and not re.fullmatch(rf"\d{{{digits}}}", data[name]):
                self.add_error(name, _("請填 %(n)s 位數字。") % {"n": digits})
        account = data.get("refund_account_number")
        if account and not re.fullmatch(r"\d{6,16}", account):
            self.add_error("refund_account_number", _("帳號為 6 到 16 位數字。"))
        return data


class OrganisationSignUpForm(OrganisationForm):
    """At sign-up a taken group code is not a field error of its own: the service gives one answer
    for a taken account name or code (groups.services.taken_message), so neither can be probed."""

    def validate_unique(self):
        pass


class CoordinatorSignUpForm(NoLabelSuffix, AccountFieldsMixin, forms.Form):
    username = forms.CharField(
        label=_("帳號"), max_length=60, help_text=_("最多 30 個英文字母或數字；註冊後不可修改。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )  # fmt: skip
    password = forms.CharField(
        label=_("密碼"), strip=False, help_text=_("至少 12 碼，須同時包含英文字母與數字。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )  # fmt: skip
    password_again = forms.CharField(
        label=_("再次輸入密碼"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    name = forms.CharField(label=_("團報窗口姓名"), max_length=50)
    phone = forms.CharField(label=_("聯絡電話"), max_length=30)
    email = forms.EmailField(label=_("E-mail"), help_text=_("認證結果與通知寄到此信箱。"))

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("兩次輸入的密碼不一致。"))
        elif password:
            try:
                password_validation.validate_password(password, User(username=data.get("username", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class CaptchaForm(NoLabelSuffix, forms.Form):
    captcha = captcha_field()


class UploadForm(NoLabelSuffix, forms.Form):
    file = forms.FileField(label=_("考生資料檔（.xlsx 或 .csv）"))


class VenueRequestForm(NoLabelSuffix, forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=VenueRequest.Kind.choices)
    room = forms.CharField(
        label=_("場地說明"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("地址、教室名稱、座位數；學科須為符合電腦測驗規格的電腦教室。"),
    )  # fmt: skip


class RefundRequestForm(NoLabelSuffix, forms.Form):
    """附錄二 through the coordinator: the kind, the candidates, the subjects dropped (partial or
    other reasons) and the supporting document; the payee is the organisation's account."""

    kind = forms.ChoiceField(label=_("申請事由"), choices=RefundKind.choices, widget=forms.RadioSelect)
    registrations = forms.TypedMultipleChoiceField(
        label=_("申請退費的考生"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    subjects = forms.TypedMultipleChoiceField(
        label=_("退考的考科（部分退費或其他原因）"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("說明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = DocumentField(label=_("繳費證明或相關文件（PDF、JPG 或 PNG）"), required=False)

    def __init__(self, *args, choices=(), subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = choices
        self.fields["subjects"].choices = [(s.pk, f"{s.code} {s.name}") for s in subjects]
