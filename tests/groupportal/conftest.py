import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Many accounts per test here; a fast hasher keeps the suite quick (hashing is not under test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
