from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.core.uploads import DocumentField

from .models import ReissueReason, TrainingRecord


class TrainingRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=TrainingRecord.Kind.choices)
    organisation = forms.CharField(label=_("服務機構/開課單位"), max_length=100)
    title = forms.CharField(label=_("部門業務別/課程名稱"), max_length=150)
    started_on = forms.DateField(label=_("起日"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("迄日"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.IntegerField(label=_("課程時數（工作經歷免填）"), min_value=0, max_value=2000, required=False)
    relevance = forms.CharField(label=_("自評與鑑定項目之相關性"), max_length=300)
    evidence = DocumentField(label=_("證明文件（PDF、JPG、PNG）"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == TrainingRecord.Kind.COURSE and not data.get("hours"):
            self.add_error("hours", _("訓練課程請填寫時數。"))
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("迄日不可早於起日。"))
        data["hours"] = data.get("hours") or 0
        return data


class ReissueForm(forms.Form):
    reason = forms.ChoiceField(label=_("補發原因"), choices=ReissueReason.choices, widget=forms.RadioSelect)
    correction = forms.CharField(label=_("資料改註：改註後應為（請務必填寫正確）"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReissueReason.CORRECTION and not (data.get("correction") or "").strip():
            self.add_error("correction", _("資料改註請填寫改註後應為的內容。"))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("說明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤銷原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
