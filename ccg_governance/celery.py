"""The Celery application.

Configuration comes from Django settings prefixed ``CELERY_``. Periodic
schedules are declared here, in one place.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready

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
}


@worker_process_init.connect
@worker_ready.connect
def _freeze_what_was_imported(**_: Any) -> None:
    """Move everything a worker imported at start (Django, the apps, WeasyPrint) out of the
    cyclic garbage collector's sight: it lives as long as the process, and rescanning it
    on every full collection cost about a tenth of a PDF chunk's rendering time
    (docs/adr/0022). Objects made afterwards are collected as usual."""
    gc.collect()
    gc.freeze()
