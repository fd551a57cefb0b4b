"""Settings for `make run`: production behaviour on one machine, without its infrastructure.

DEBUG off (a mistyped address gets the 404 page, not a route list), gunicorn serving the
collected static files through WhiteNoise, plain HTTP on the address given by HOST/PORT. What
production takes from the environment is made up here, once, and kept in var/:
- SECRET_KEY: generated on first start into var/secret_key (sessions survive a restart);
- the shared cache (rate-limit counters, one for every gunicorn worker): Redis when REDIS_URL
  is set, otherwise Django's file cache in var/cache (docs/decisions.md, 'make run').
The database stays the SQLite file in WAL mode (settings.py); mail goes to the console and to
the back office's message log."""

import os
import secrets

from .settings import *  # noqa: F403
from .settings import SERVE_HOST, VAR_DIR, env_list

DEBUG = False


def _secret_key() -> str:
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once keep the first one's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"{SERVE_HOST},127.0.0.1,localhost")
if SERVE_HOST in ("0.0.0.0", "::"):  # noqa: S104 - HOST asked for every address
    ALLOWED_HOSTS = ["*"]  # every address of this machine: told so by HOST

if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Mail goes nowhere but the console: the message log is where the demo's mails are read.
MESSAGE_LOG_SHOWS_BODY = True
