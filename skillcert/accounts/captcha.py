"""The login guide's 5-digit captcha (django-simple-captcha), its spoken alternative, and the
only captcha URLs that exist (mounted at /captcha/ by skillcert.urls): the picture and the
rate-limited spoken version. The library's own URL module is not included: its audio pattern
(`.wav` matches any character before `wav`) would reach the speech engine without the limit."""

import secrets

from captcha.views import captcha_audio as _spoken
from captcha.views import captcha_image
from django.http import HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from . import throttle


def five_digits():
    """The 5-digit image captcha of the login guide (django-simple-captcha challenge)."""
    answer = f"{secrets.randbelow(100000):05d}"
    return answer, answer


def captcha_audio(request, key: str):
    """The captcha's digits read aloud (flite, English digits) for candidates who cannot see the
    picture. Each one starts a speech process, so an address gets a limited number."""
    if throttle.hit(request, throttle.CAPTCHA_AUDIO_PER_IP):
        return HttpResponse(
            _("語音驗證碼請求過於頻繁，請稍後再試。"), status=429, content_type="text/plain; charset=utf-8"
        )
    return _spoken(request, key)


urlpatterns = [
    re_path(r"^image/(?P<key>\w+)/$", captcha_image, {"scale": 1}, name="captcha-image"),
    path("audio/<str:key>.wav", captcha_audio, name="captcha-audio"),
]
