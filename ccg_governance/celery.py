"""The Celery application.

Configuration comes from Django settings prefixed ``CELERY_``. Periodic
schedules are declared here, in one place.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccg_governance.settings.base")

app = Celery("ccg_governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Interests and relationships start and end on dates: re-check access every night.
    "resync-paper-and-minute-access": {
        "task": "meetings.resync_all_access",
        "schedule": crontab(hour=0, minute=15),
    },
    "recheck-evaluation-panels": {
        "task": "procurements.recheck_all_panels",
        "schedule": crontab(hour=0, minute=30),
    },
    # Likely breaches (late declarations, missed annual declarations, ...) appear as days pass.
    "detect-likely-breaches": {
        "task": "compliance.detect_breaches",
        "schedule": crontab(hour=1, minute=0),
    },
}
