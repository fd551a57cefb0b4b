"""Login, logout and password pages (login guide). Sign-up, recovery, profile and staff TOTP
enrolment live in their own modules of this package."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services, throttle
from .forms import AccountNameForm, LoginForm
from .models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def posted(request):
    """The submitted data, or None on GET (an empty POST must still bind the form)."""
    return request.POST if request.method == "POST" else None


def ratelimited(request, exception=None, message=None):
    context = {"message": message or throttle.too_many_message()}
    body = render_to_string("accounts/ratelimited.html", context, request=request)
    return HttpResponse(body, status=429)


def home_for(user) -> str:
    """Where a person lands after logging in, by kind of account."""
    if user.must_change_password:
        return reverse("accounts:password_change_required")
    if user.kind == User.Kind.STAFF:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return reverse("accounts:totp_enrol")
        return reverse("backoffice:index")
    if user.kind == User.Kind.COORDINATOR:
        return reverse("groupportal:home")
    if user.must_choose_username:
        return reverse("accounts:account_name_choose")
    profile = getattr(user, "candidate", None)
    if profile is not None and profile.profile_confirmed_at is None:
        return reverse("accounts:profile")
    return reverse("portal:home")


def next_or_home(request, user) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return home_for(user)


def login_attempt(request, form, check):
    """The one path of every login form, the candidates' and the staff's: the per-address volume
    limit, then the per address + account failure lockout, then the form (with its captcha), then
    `check(cleaned_data)` -> a result with `.user`; a failure counts against the account.
    Returns (response, result): a 429 response, or None and the result (None when the form or
    the lockout refused; the form then carries the message)."""
    if throttle.hit(request, throttle.LOGIN_PER_IP):
        return ratelimited(request), None
    username = (request.POST.get("username") or "").strip()
    if throttle.exceeded(request, throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT, username):
        form.is_valid()  # consume the captcha; the answer is the same whatever was typed
        form.add_error(None, throttle.too_many_message())
        return None, None
    if not form.is_valid():
        return None, None
    result = check(form.cleaned_data)
    if result.user is None:
        throttle.hit(request, throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT, username)
    return None, result


def login_view(request):
    if request.user.is_authenticated:
        return redirect(home_for(request.user))
    form = LoginForm(posted(request))
    if request.method == "POST":
        refused, result = login_attempt(
            request,
            form,
            lambda data: services.user_authenticate(
                request=request, username=data["username"], password=data["password"]
            ),
        )
        if refused is not None:
            return refused
        if result is not None and result.user is not None:
            login(request, result.user, backend=MODEL_BACKEND)
            if result.temporary:
                messages.info(request, _("您使用臨時密碼登入，請先設定新密碼。"))
            return redirect(next_or_home(request, result.user))
        if result is not None and result.expired:
            form.add_error(
                None,
                _(
                    "此臨時密碼已逾期（有效期限 24 小時），請重新使用「查詢帳號/密碼」取得新的臨時密碼。"
                    " This temporary password has expired; please request a new one."
                ),
            )
        elif result is not None:
            form.add_error(None, _("帳號或密碼錯誤。 Incorrect account or password."))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("您已登出。 You have logged out."))
    return redirect("catalog:home")


@login_required
def password_change_required(request):
    """After logging in with a temporary password: a new password before anything else."""
    if not request.user.must_change_password:
        return redirect("accounts:password_change")
    form = SetPasswordForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        services.user_password_set(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("新密碼已設定。 Your new password is set."))
        return redirect(home_for(request.user))
    return render(request, "accounts/password_change.html", {"form": form, "required": True})


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, posted(request))
    if request.method == "POST":
        if throttle.exceeded(request, throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT, request.user.username):
            return ratelimited(request)
        if form.is_valid():
            services.user_password_set(user=request.user, password=form.cleaned_data["new_password1"])
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密碼已變更。 Your password has been changed."))
            return redirect(home_for(request.user))
        if "old_password" in form.errors:  # guessing the current password counts as a failed login
            throttle.hit(request, throttle.LOGIN_FAILURES_PER_IP_AND_ACCOUNT, request.user.username)
    return render(request, "accounts/password_change.html", {"form": form, "required": False})


@login_required
def account_name_choose(request):
    """After a group-created candidate's first login: their own account name, once."""
    if not request.user.must_choose_username:
        return redirect(home_for(request.user))
    form = AccountNameForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_account_name_choose(user=request.user, username=form.cleaned_data["username"])
        except services.AccountNameRefused:
            form.add_error("username", _("此帳號已有人使用，請換一個。"))
        else:
            request.user.refresh_from_db()
            messages.success(request, _("帳號已設定，之後請以此帳號登入。 Your account name is set."))
            return redirect(home_for(request.user))
    return render(request, "accounts/account_name_choose.html", {"form": form, "generated": request.user.username})
