"""Staff two-factor login: enrolling a TOTP device (django-otp) with a QR code.

A staff member without a confirmed device logs in once with password + captcha, scans the
QR code into an authenticator app and confirms one code; from then on the back office asks
for password + code. Replacing a device is done by an admin (`manage.py staff_totp --reset`)."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import throttle
from .forms import TotpConfirmForm
from .models import User
from .views import posted, ratelimited


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=False)


@login_required
def totp_enrol(request):
    if request.user.kind != User.Kind.STAFF:
        raise PermissionDenied
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return render(request, "accounts/totp_enrol.html", {"already": True})
    device = pending_device(request.user)
    form = TotpConfirmForm(posted(request))
    if request.method == "POST":
        if throttle.hit(request, throttle.TOTP_PER_USER, str(request.user.pk)):
            return ratelimited(request)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("雙因素驗證已設定完成。 Two-factor login is set up."))
            return redirect("backoffice:index")
        if form.is_valid():
            form.add_error("token", _("驗證碼錯誤或已過期，請輸入 App 目前顯示的 6 位數字。"))
    return render(
        request,
        "accounts/totp_enrol.html",
        {"form": form, "qr": qr_data_uri(device.config_url), "secret": secret_base32(device)},
    )
