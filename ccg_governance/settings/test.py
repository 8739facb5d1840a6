"""Settings for the test suite.

The database and broker still come from the environment: `.ci/run` points
DATABASE_URL at PostgreSQL and CELERY_BROKER_URL at Redis. Application code
under test runs its tasks eagerly so a test sees their effect in its own
transaction; the tests marked ``worker`` start a real worker against the real
broker and switch eager mode off for themselves.
"""

from __future__ import annotations

from ccg_governance.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
AXES_FAILURE_LIMIT = 5
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
