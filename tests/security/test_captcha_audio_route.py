"""Issue 14 §7: the spoken captcha's limit could be bypassed through the library's own audio
URL (django-simple-captcha's pattern `audio/(?P<key>\\w+).wav$`: the `.` matches any character),
and each request starts a flite process. Only the picture and the limited spoken route exist."""

import re
import shutil

import pytest

from skillcert.accounts import throttle
from tests.accounts.helpers import text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("flite"), reason="flite not installed (make setup installs it)"),
]
AUDIO_RE = re.compile(r'<a class="captcha-audio" href="/captcha/audio/([0-9a-f]+)\.wav"')
IMAGE_RE = re.compile(r'<img src="(/captcha/image/[0-9a-f]+/)"')


def test_the_librarys_audio_url_variants_do_not_exist_once_the_limit_is_reached(client):
    page = text(client.get("/accounts/login/"))
    key = AUDIO_RE.search(page).group(1)
    limit = int(throttle.CAPTCHA_AUDIO_PER_IP.rate.split("/")[0])
    statuses = [client.get(f"/captcha/audio/{key}.wav").status_code for _ in range(limit + 1)]
    assert statuses[-1] == 429
    for variant in (f"{key}xwav", f"{key}_wav", f"{key}-wav", f"{key}%2Ewav", f"{key}.wav/"):
        response = client.get(f"/captcha/audio/{variant}")
        assert response.status_code in (404, 429), variant  # never the speech engine again
        assert response.get("Content-Type") != "audio/wav", variant


@pytest.mark.parametrize("path", ["audio/{key}xwav", "audio/{key}_wav", "image/{key}@2/", "refresh/"])
def test_no_captcha_url_but_the_picture_and_the_limited_audio(client, path):
    page = text(client.get("/accounts/login/"))
    key = AUDIO_RE.search(page).group(1)
    assert client.get("/captcha/" + path.format(key=key)).status_code == 404


def test_the_picture_is_still_served(client):
    image = client.get(IMAGE_RE.search(text(client.get("/accounts/login/"))).group(1))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
