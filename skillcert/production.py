"""Production settings: secrets and hosts must come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import env_list

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Rate limits (accounts.throttle): one counter for every worker and server, so a shared cache is
# required; and one counter per client, read from X-Forwarded-For as written by our own proxies
# (README, Production). The TLS proxy these settings assume is one hop unless told otherwise.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL is required in production: without a shared cache each worker counts rate limits alone."
    )
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
