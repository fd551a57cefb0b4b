"""Public verification 證書查驗 (no login): number + name, or the QR link (number + token).
Rate-limited per address; every miss gets the same answer, whatever was wrong."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

from skillcert.accounts.views import ratelimited

from . import selectors

RATE = "30/m"


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("證書字號 Certificate number"), max_length=40)
    name = forms.CharField(label=_("持證人中文姓名 Holder's name"), max_length=50)


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=False)
def verify(request):
    if getattr(request, "limited", False):
        return ratelimited(request)
    form = VerifyForm(request.GET or None)
    answer = None
    if form.is_valid():
        answer = selectors.certificate_verify(number=form.cleaned_data["number"], name=form.cleaned_data["name"])
    return render(request, "certificates/verify.html", {"form": form, "answer": answer})


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=False)
def verify_token(request, number: str, token: str):
    if getattr(request, "limited", False):
        return ratelimited(request)
    answer = selectors.certificate_verify_token(number=number, token=token)
    return render(request, "certificates/verify.html", {"form": VerifyForm(), "answer": answer, "from_qr": True})
