"""Production settings: everything secret or site-specific is required.

``manage.py check --deploy`` reports nothing with these settings and real
values in the environment (tested in tests/ccg_governance/test_settings.py).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from ccg_governance.settings.base import *  # noqa: F403
from core.env import env_bool, env_int, env_required

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_required("ALLOWED_HOSTS").split(",")
# Links in emails: the site's public address, over HTTPS.
SITE_URL = env_required("SITE_URL").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with https:// in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

STATIC_ROOT = BASE_DIR / "staticfiles"  # noqa: F405
WHITENOISE_USE_FINDERS = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
