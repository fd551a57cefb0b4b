"""First visit 第一次登入的考生 (login guide, SPEC §3): account + password + Chinese name →
personal-data notice and consent → the sign-up form. The steps keep their state in the
session (the password only as a hash), so a mistake on a later step loses nothing."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skillcert.core import clock

from . import services, throttle
from .consent import CONSENT_TEMPLATE, CONSENT_VERSION
from .forms import ConsentForm, SignUpDetailsForm, SignUpStartForm
from .views import home_for, posted, ratelimited

SESSION_KEY = "signup"


def refused_message() -> str:
    return _(
        "此帳號與姓名組合無法使用。如曾經報名過或由團報進行過報名，請使用「查詢帳號/密碼」。"
        " This account cannot be used; if you registered before or through a group, use 'Forgot account/password'."
    )


def signup_start(request):
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    form = SignUpStartForm(posted(request))
    if request.method == "POST":
        if throttle.hit(request, throttle.SIGNUP_PER_IP):
            return ratelimited(request)
        if form.is_valid():
            data = form.cleaned_data
            password_hash = make_password(data["password"])  # same work whether the name is free or not
            if services.account_taken(username=data["username"]):
                form.add_error(None, refused_message())
            else:
                request.session[SESSION_KEY] = {
                    "username": data["username"],
                    "name_zh": data["name_zh"].strip(),
                    "password_hash": password_hash,
                }
                return redirect("accounts:signup_consent")
    return render(request, "accounts/signup_start.html", {"form": form})


def _state(request):
    return request.session.get(SESSION_KEY) or None


def signup_consent(request):
    state = _state(request)
    if state is None:
        return redirect("accounts:signup")
    form = ConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        state.update(consent_version=CONSENT_VERSION, consent_at=clock.now().isoformat())
        request.session[SESSION_KEY] = state
        return redirect("accounts:signup_details")
    return render(
        request,
        "accounts/signup_consent.html",
        {"form": form, "consent_template": CONSENT_TEMPLATE, "consent_version": CONSENT_VERSION},
    )


def signup_details(request):
    state = _state(request)
    if state is None:
        return redirect("accounts:signup")
    if "consent_version" not in state:
        return redirect("accounts:signup_consent")
    form = SignUpDetailsForm(posted(request), initial={"name_zh": state["name_zh"]})
    if request.method == "POST":
        if throttle.hit(request, throttle.SIGNUP_PER_IP):
            return ratelimited(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.candidate_sign_up(
                    username=state["username"],
                    password_hash=state["password_hash"],
                    consent_version=state["consent_version"],
                    consent_at=dt.datetime.fromisoformat(state["consent_at"]),
                    **data,
                )
            except services.SignUpRefused:
                form.add_error(None, refused_message())
            else:
                del request.session[SESSION_KEY]
                messages.success(
                    request,
                    _("註冊完成，確認信已寄至您的 E-mail，請登入。 Your account is ready; please log in."),
                )
                return redirect("accounts:login")
    return render(request, "accounts/signup_details.html", {"form": form, "username": state["username"]})
