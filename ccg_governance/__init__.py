"""The Recuse project package: settings, URLs, the Celery app and cross-app pieces."""

from ccg_governance.celery import app as celery_app

__all__ = ("celery_app",)
