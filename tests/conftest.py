"""Shared test setup: real database (SQLite or DATABASE_URL), tasks run at once,
e-mail to Django's outbox, and a frozen clock."""

import datetime as dt

import pytest
from django.conf import settings

from skillcert.core import clock

pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.BACKOFFICE_REQUIRE_OTP = False
    settings.RATELIMIT_ENABLE = True
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze skillcert's clock: `frozen_now(dt.datetime(...aware...))` sets it; returns the setter."""

    def freeze(moment: dt.datetime):
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture(params=[True, False], ids=["hotsql", "orm"])
def hotsql_both_ways(request, settings):
    """Run the test with core.hotsql's compiled statements and again with the plain ORM."""
    settings.HOTSQL_ENABLED = request.param
    return request.param


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


requires_postgres = pytest.mark.skipif(not is_postgres(), reason="needs DATABASE_URL pointing at PostgreSQL")
