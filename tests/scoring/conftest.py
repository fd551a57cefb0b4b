import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Candidate factories hash a password each; scoring tests make many candidates."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
