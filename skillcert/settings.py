"""skillcert settings: 12-factor, everything that differs between machines comes from the environment.

Defaults are for a developer laptop: SQLite file under var/, mail printed to the console,
SMS recorded in the database, tasks in the database queue. Production: skillcert/production.py.
"""

import os
import shutil
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SKILLCERT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "captcha",
    # Before django_tasks_db: its `db_worker` command recovers dead workers' tasks first.
    "skillcert.notifications",
    "django_tasks",
    "django_tasks_db",
    "skillcert.core",
    "skillcert.accounts",
    "skillcert.catalog",
    "skillcert.registrations",
    "skillcert.payments",
    "skillcert.groups",
    "skillcert.scoring",
    "skillcert.cbt",
    "skillcert.certificates",
    "skillcert.examday",
    "skillcert.examrecords",
    "skillcert.portal",
    "skillcert.groupportal",
    "skillcert.backoffice",
    "skillcert.api",
    "skillcert.scheduling",
    "skillcert.examroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "skillcert.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "skillcert.urls"
WSGI_APPLICATION = "skillcert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Plain-text e-mails: the same templates, rendered without HTML escaping (an `&` in a name is
# an `&`, not `&amp;`); used only by skillcert.notifications.rendering.
TEMPLATES.append({**TEMPLATES[0], "NAME": "plain_text", "OPTIONS": {"autoescape": False}})

# Database: SQLite file by default, DATABASE_URL (postgres://...) when set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'skillcert.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two seat claims
    # never both read the same counter; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test.sqlite3")
elif env_bool("DB_SERVER_SIDE_BINDING", True):
    # Server-side binding, and prepared statements: psycopg prepares a statement the fifth time
    # a connection runs it, so PostgreSQL stops parsing and planning the same registration
    # queries again (halves its CPU per registration, bench/registration_rush.py). Django turns
    # that off unless asked, for transaction-mode poolers: behind PgBouncer older than 1.21 set
    # DB_PREPARE_THRESHOLD=off.
    threshold = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": None if threshold.lower() in ("off", "none", "") else int(threshold),
    }

# core.hotsql: the registration rush's statements compiled once (docs/decisions.md, 'Hot statements
# compiled once'); HOTSQL_ENABLED=off runs the plain ORM instead (e.g. to rule it out, or on a
# Django version core.hotsql.CHECKED_DJANGO does not list yet).
HOTSQL_ENABLED = env_bool("HOTSQL_ENABLED", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "skillcert.accounts.validators.LettersAndDigitsPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "catalog:home"

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
# Uploads: evidence documents are small scans; anything larger is refused by the form.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache: rate limits need one shared counter, so Redis whenever REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    # Sessions read from Redis first (one query fewer per signed-in request), still kept in the DB.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "skillcert.accounts.views.ratelimited"
# Every rate limit counts per client address (accounts.throttle.client_ip): behind N proxies of
# our own, the N-th X-Forwarded-For entry from the right; 0 = no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "skillcert.accounts.throttle.client_ip"

# Tasks: the database queue needs no extra server; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A task RUNNING longer than this lost its worker and runs again (notifications.recovery);
# keep it well above the longest task (sends time out after EMAIL_TIMEOUT / 10 s for SMS).
TASKS_STALE_AFTER_SECONDS = int(os.environ.get("TASKS_STALE_AFTER_SECONDS", "600"))
# The scheduler (`manage.py run_scheduler`, skillcert.scheduling): 0 keeps each job's own period;
# a number of seconds runs every job that often (rehearsals: bench/multinode.py).
SCHEDULER_EVERY_SECONDS = int(os.environ.get("SCHEDULER_EVERY_SECONDS", "0"))

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds per SMTP operation
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "iPAS 能力鑑定 <noreply@skillcert.example>")
# The address links in e-mails, QR codes and pages carry: SITE_URL, else the address this
# server is told to serve (HOST/PORT, as `make run` and `make dev` pass them).
SERVE_HOST = os.environ.get("HOST", "127.0.0.1")
SERVE_PORT = os.environ.get("PORT", "8000")
SITE_URL = os.environ.get("SITE_URL") or f"http://{SERVE_HOST}:{SERVE_PORT}"
# The back office's message log shows each message's text under DEBUG and on `make run`
# (skillcert.local_production): where a newcomer reads the mails; never in production.
MESSAGE_LOG_SHOWS_BODY = False

# SMS: pluggable; the development backend records messages in the database.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "skillcert.notifications.sms.DatabaseSmsBackend")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")

# Captcha: five digits, as on the login guide's screens.
CAPTCHA_CHALLENGE_FUNCT = "skillcert.accounts.captcha.five_digits"
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 5
CAPTCHA_TEST_MODE = env_bool("CAPTCHA_TEST_MODE", False)
# The spoken captcha needs flite (Debian package, scripts/system-deps.sh); without it the link is not shown.
CAPTCHA_FLITE_PATH = shutil.which("flite")

OTP_TOTP_ISSUER = "skillcert"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"

# Bank details from the brochures (§6.1): shown on slips; data, not code elsewhere.
VIRTUAL_ACCOUNT_BANK = {"code": "017", "name": _("兆豐國際商業銀行")}
GROUP_REMITTANCE_ACCOUNT = {
    "bank_code": "005",
    "branch_code": "1563",
    "bank_name": _("土地銀行工研院分行"),
    "account": "156-005-00002-5",
    "holder": _("財團法人工業技術研究院"),
}

# The seller on every e-invoice 電子發票 (payments.einvoice; docs/einvoice.md).
INVOICE_SELLER = {
    "business_number": os.environ.get("INVOICE_SELLER_BUSINESS_NUMBER", "02750963"),
    "name": os.environ.get("INVOICE_SELLER_NAME", "財團法人工業技術研究院"),
    "address": os.environ.get("INVOICE_SELLER_ADDRESS", "新竹縣竹東鎮中興路四段195號"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": os.environ.get("LOG_LEVEL", "WARNING")}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Browser hardening (issue 14: Content-Security-Policy, staff sessions) ---
# django-csp sends the policy on every response: scripts and styles only from our own origin (or
# a per-request nonce, `request.csp_nonce`), no plugins, no framing, forms post only to us.
# Evidence documents carry a stricter policy of their own (core.documents).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Staff sessions end after 30 minutes without a request and when the browser closes
# (accounts.sessions.StaffSessionMiddleware); candidates and coordinators keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
MIDDLEWARE = [*MIDDLEWARE, "csp.middleware.CSPMiddleware", "skillcert.accounts.sessions.StaffSessionMiddleware"]
