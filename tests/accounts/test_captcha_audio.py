"""The spoken captcha: candidates who cannot see the picture hear its digits instead."""

import re
import shutil
import subprocess

import pytest
from captcha.models import CaptchaStore

from skillcert.accounts import throttle
from tests.accounts.helpers import text

pytestmark = pytest.mark.django_db
AUDIO_RE = re.compile(r'<a class="captcha-audio" href="([^"]+)"')
needs_flite = pytest.mark.skipif(not shutil.which("flite"), reason="flite not installed (make setup installs it)")


@needs_flite
def test_the_login_page_offers_the_captcha_read_aloud_and_it_is_a_wav_of_that_captcha(client, tmp_path):
    page = text(client.get("/accounts/login/"))
    assert "聽語音驗證碼" in page and 'alt="驗證碼圖片（5 位數字）"' in page
    url = AUDIO_RE.search(page).group(1)
    key = url.rsplit("/", 1)[1].removesuffix(".wav")
    assert CaptchaStore.objects.filter(hashkey=key).exists()  # the same challenge as the picture
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    audio = b"".join(response.streaming_content)
    assert audio[:4] == b"RIFF" and audio[8:12] == b"WAVE"
    # Five digits read one by one last a couple of seconds, not a click.
    (tmp_path / "captcha.wav").write_bytes(audio)
    if shutil.which("soxi"):
        seconds = float(
            subprocess.run(["soxi", "-D", str(tmp_path / "captcha.wav")], capture_output=True, text=True).stdout
        )
        assert seconds > 1.5
    else:
        assert len(audio) > 16000  # > 1 s of 8 kHz 16-bit audio


@needs_flite
def test_an_unknown_or_used_captcha_has_no_audio(client):
    assert client.get("/captcha/audio/0123456789abcdef0123456789abcdef01234567.wav").status_code == 410


@needs_flite
def test_one_address_gets_a_limited_number_of_spoken_captchas(client):
    page = text(client.get("/accounts/login/"))
    url = AUDIO_RE.search(page).group(1)
    limit = int(throttle.CAPTCHA_AUDIO_PER_IP.rate.split("/")[0])
    statuses = [client.get(url).status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[-1] == 429
    assert "請稍後再試" in client.get(url).content.decode()


def test_without_a_speech_engine_the_page_shows_no_dead_link(client, monkeypatch):
    from captcha.conf import settings as captcha_settings  # the library reads its settings once

    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", None)
    page = text(client.get("/accounts/login/"))
    assert "captcha-audio" not in page and 'class="captcha"' in page
