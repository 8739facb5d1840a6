"""The Celery application.

Configuration comes from Django settings prefixed ``CELERY_``. Periodic
schedules are declared here, in one place.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccg_governance.settings.base")

app = Celery("ccg_governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
