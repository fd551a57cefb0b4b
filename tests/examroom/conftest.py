import pytest

from skillcert.cbt import autosave


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    autosave.caches_clear()
    yield
    autosave.caches_clear()
