import pytest

from skillcert.cbt import autosave


@pytest.fixture(autouse=True)
def _media_and_fast_hashing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _autosave_caches():
    autosave.caches_clear()
    yield
    autosave.caches_clear()
