"""Settings shared by every environment.

Every value that differs between environments is read from the environment
through the strict helpers in ``core.env``; the defaults are the safe
development ones (SQLite under ``var/``, Celery tasks run in-process, files on
local disk), so ``make run`` needs no configuration at all.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.client_ip import parse_networks
from core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str(
    "SECRET_KEY", "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The commissioning body using this installation. CCGs were replaced by
# integrated care boards in 2022; the product names itself after whichever
# the organisation is.
ORGANISATION_NAME = env_str("ORGANISATION_NAME", "Northfield CCG")
ORGANISATION_TYPE = env_choice("ORGANISATION_TYPE", "CCG", {"CCG", "ICB"})

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    # The layers, lowest first (docs/adr/0010-one-way-layers.md).
    "core",
    "interests",
    "meetings",
    "procurements",
    "compliance",
    "opendata",
    "ccg_governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers of a public page get the kept response before the session is read
    # (core.public_cache): only pages the view marked, never a signed-in or restricted one.
    "core.public_cache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor: django-otp marks verified sessions; ours holds back the rest (core.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "core.media.StorageUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccg_governance.urls"
WSGI_APPLICATION = "ccg_governance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ccg_governance.context_processors.organisation",
                "ccg_governance.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.NhsukFormRenderer"

_DATABASE_URL = env_str("DATABASE_URL", "")
if not _DATABASE_URL:
    # Development default: a SQLite file under var/ (git-ignored).
    VAR_DIR.mkdir(exist_ok=True)
    _DATABASE_URL = f"sqlite:///{VAR_DIR / 'recuse.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Single sign-on: does nothing unless OIDC_RP_CLIENT_ID is set (ccg_governance/sso/).
    "ccg_governance.sso.backend.SSOBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Sessions end after a period of inactivity: every request pushes the expiry
# forward, and the cookie dies with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed logins: lock the username+IP pair after five failures for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address: the client's address
# is taken from X-Forwarded-For as far as these proxies (addresses or networks) vouch for it
# (core/client_ip.py). Empty: REMOTE_ADDR is the client, as when nothing stands in front.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
parse_networks(TRUSTED_PROXIES)  # a malformed entry stops the process at start-up
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# Two-factor sign-in (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", f"Recuse ({ORGANISATION_NAME})")

# Single sign-on with OpenID Connect (mozilla-django-oidc; ccg_governance/sso/, ADR 0026).
# Off unless OIDC_RP_CLIENT_ID is set. Endpoints come from the provider's discovery document
# (OIDC_OP_DISCOVERY, read on first use) unless given one by one. It only ever signs in an
# existing person, by a verified email address; Secretary, Guardian, Auditor and system
# administrators are refused unless OIDC_ALLOW_PRIVILEGED; two-factor still applies to the
# roles that need it unless the provider asserts multi-factor (amr "mfa", or an acr value
# listed in OIDC_MFA_ACR_VALUES).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY = env_str("OIDC_OP_DISCOVERY", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_choice("OIDC_RP_SIGN_ALGO", "RS256", {"RS256", "RS384", "RS512", "ES256"})
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "NHS account")
OIDC_ALLOW_PRIVILEGED = env_bool("OIDC_ALLOW_PRIVILEGED", False)
OIDC_MFA_ACR_VALUES = env_list("OIDC_MFA_ACR_VALUES", [])
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
if OIDC_RP_CLIENT_ID and not OIDC_RP_CLIENT_SECRET:
    raise ImproperlyConfigured("OIDC_RP_CLIENT_ID is set: set OIDC_RP_CLIENT_SECRET too.")
_OIDC_ENDPOINTS = (
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
)
if OIDC_RP_CLIENT_ID and not OIDC_OP_DISCOVERY and not all(_OIDC_ENDPOINTS):
    raise ImproperlyConfigured(
        "Single sign-on needs OIDC_OP_DISCOVERY, or all four OIDC_OP_*_ENDPOINT variables."
    )

# django-guardian: no anonymous user row; public pages never use object perms.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Development and tests serve straight from the finders; production collects
# into STATIC_ROOT (see production.py and the Dockerfile).
STATIC_ROOT: Path | None = None
WHITENOISE_USE_FINDERS = True
# Third-party front-end assets come from npm (node_modules is git-ignored and
# filled by `npm ci` during set-up); they are never copied into the repository.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
    # The package's stylesheet without its remote fonts, built by `npm ci` (package.json).
    ("nhsuk-built", BASE_DIR / "node_modules" / ".recuse"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # papers are only ever served through permission-checked views

# What a declared conflict does to an item's papers and minutes until the chair
# decides: "hide" withdraws them from the conflicted person, "flag" leaves them
# and flags the conflict for the chair. Part I papers are public anyway.
CONFLICT_PAPER_POLICY_PART_I = env_choice("CONFLICT_PAPER_POLICY_PART_I", "flag", {"hide", "flag"})
CONFLICT_PAPER_POLICY_PART_II = env_choice(
    "CONFLICT_PAPER_POLICY_PART_II", "hide", {"hide", "flag"}
)

# Gifts and hospitality thresholds (GBP), defaults from NHS England's guidance.
GIFT_TRIVIAL_SUPPLIER_GIFT_GBP = env_int("GIFT_TRIVIAL_SUPPLIER_GIFT_GBP", 6)
GIFT_DECLARE_ABOVE_GBP = env_int("GIFT_DECLARE_ABOVE_GBP", 50)
HOSPITALITY_DECLARE_FROM_GBP = env_int("HOSPITALITY_DECLARE_FROM_GBP", 25)
HOSPITALITY_APPROVAL_ABOVE_GBP = env_int("HOSPITALITY_APPROVAL_ABOVE_GBP", 75)

# Uploaded papers: size cap and the content types accepted (sniffed, not trusted).
PAPER_MAX_UPLOAD_BYTES = env_int("PAPER_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console in development; SMTP when EMAIL_HOST is given.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "governance@northfield-ccg.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of this site as people reach it: every link in an email starts with it, never
# with the Host header of whichever request happened to queue the email.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes
# each email sent to a file here: for trying the reminders out without a mail server.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
# Who members contact when they think a conflict that withholds their papers is wrong.
GOVERNANCE_CONTACT_EMAIL = env_str("GOVERNANCE_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# The cache: what the public pages' bodies are kept in (core.publication). With CACHE_URL
# (Redis) every gunicorn instance shares one cache, so the web tier keeps no state of its
# own: sessions are in the database, uploads and PDFs in MEDIA_ROOT on shared storage.
# Without it each process keeps its own small cache, which is still correct (the keys
# name the published version) and enough for one machine.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery. With no broker configured the app still works: tasks run eagerly,
# in-process, so a laptop needs neither Redis nor a worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_RESULT_EXPIRES = 24 * 3600
# With acks_late, a task whose worker died is delivered again once this many seconds have
# passed (Redis's default is an hour). It must exceed the longest task: a document chunk
# takes seconds, so ten minutes is ample.
_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # How often a worker looks for abandoned messages; short timeouts need short sweeps.
    "unacked_restore_interval": max(1, min(10, _VISIBILITY_TIMEOUT // 5)),
    "unacked_restore_throttle": 1 if _VISIBILITY_TIMEOUT < 60 else 10,
}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# With Redis down, queueing fails after a few seconds instead of hanging the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# An uploaded file of at most this many rows (by kind of import) is checked (previewed) in
# the request even with a broker: well under a second, and no page that refreshes. Larger
# files are checked by a job, and every import is a job (docs/adr/0036). A person's row runs
# the people screens' services (about 0.05 s a row), a register or organisation row is read
# against the register loaded once (under a millisecond).
IMPORT_CHECK_IN_REQUEST_ROWS = {
    "register": 1000,
    "people": 20,
    "orgs_ods": 1000,
    "orgs_simple": 1000,
}
# Beat reads its schedules from the database, where the secretary can change times and
# switch reminders off; the defaults are declared in ccg_governance/celery.py and only
# added when missing, so a restart never undoes the secretary's changes (docs/adr/0021).
CELERY_BEAT_SCHEDULER = "core.schedules.scheduler:SeededDatabaseScheduler"

# PDF documents. Large registers are rendered in chunks of this many rows, in parallel on
# the workers, then merged (docs/adr/0020). A signing key and certificate (PEM files), if
# given, sign every PDF with a PAdES signature (pyHanko).
PDF_CHUNK_ROWS = env_int("PDF_CHUNK_ROWS", 250)
# Each chunk is rendered in a child process forked for it, so a worker never grows
# (core/pdf/isolated.py); off, chunks render in the worker itself.
PDF_RENDER_IN_CHILD = env_bool("PDF_RENDER_IN_CHILD", True)
PDF_LOGO_FILE = env_str("PDF_LOGO_FILE", "")
PDF_SIGNING_KEY_FILE = env_str("PDF_SIGNING_KEY_FILE", "")
PDF_SIGNING_CERT_FILE = env_str("PDF_SIGNING_CERT_FILE", "")
PDF_SIGNING_KEY_PASSPHRASE = env_str("PDF_SIGNING_KEY_PASSPHRASE", "")
PDF_SIGNING_CHAIN_FILES = env_list("PDF_SIGNING_CHAIN_FILES", [])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # The NHS.UK fonts are not in the npm package: pages use the NHS fallback stack
        # (Arial), and the stylesheet is built without the remote @font-face rules.
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools report every step of every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}


# --- Open data API (opendata/, ADR 0032) ---------------------------------------------------
# Public and read-only: no authentication is consulted, so every reader gets the same
# published data; polite rate limits per client address.
OPENDATA_RATE = env_str("OPENDATA_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": OPENDATA_RATE},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{ORGANISATION_NAME} open data",
    "DESCRIPTION": (
        "The published registers: interests, gifts and hospitality, procurement decisions "
        "and the anonymised breaches register. Only published data; CSV files carry a "
        "Table Schema description."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
