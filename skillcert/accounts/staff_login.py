"""The back office's login page (backoffice.site uses it as the admin site's login): account,
password, the TOTP code and the captcha in one step, through the same throttles as the
candidates' login (views.login_attempt), with one answer for every failure."""

from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from . import services
from .forms import StaffLoginForm
from .views import MODEL_BACKEND, home_for, login_attempt, next_or_home, posted


def refused_message() -> str:
    return _("帳號、密碼或驗證碼錯誤，或此帳號不能登入後台。")


@never_cache
def staff_login(request, *, site, context: dict):
    """`site` is the admin site (its `has_permission` and index); `context` its page context."""
    if request.method == "GET" and site.has_permission(request):
        return redirect(f"{site.name}:index")
    form = StaffLoginForm(posted(request))
    if request.method == "POST":
        refused, result = login_attempt(
            request,
            form,
            lambda data: services.staff_authenticate(
                request=request, username=data["username"], password=data["password"], token=data["otp_token"]
            ),
        )
        if refused is not None:
            return refused
        if result is not None and result.user is not None:
            login(request, result.user, backend=MODEL_BACKEND)
            if result.device is not None:
                otp_login(request, result.device)
            elif settings.BACKOFFICE_REQUIRE_OTP:  # no device yet: the first-device enrolment
                return redirect(home_for(result.user))
            return redirect(next_or_home(request, result.user))
        if result is not None:
            form.add_error(None, refused_message())
        form.data = form.data.copy()
        form.data["otp_token"] = ""  # a code is never shown back, tried or not
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return TemplateResponse(
        request, site.login_template, {**context, "form": form, "next": next_url, "title": _("後台登入")}
    )
