"""The Celery application.

Configuration comes from Django settings prefixed ``CELERY_``. The periodic schedules'
defaults are declared here, in one place; beat keeps them in the database
(django-celery-beat), where the secretary can change the reminders' times or switch them
off (``/schedules/``). A declared schedule is added to the database when missing (on
``migrate`` and when beat starts) and never written over: see
``core/schedules/defaults.py`` and docs/adr/0021.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init, worker_ready

from core.schedules.registry import ScheduleLabel

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
    # An email whose task was lost (the broker was down at the commit) is queued again.
    "resend-queued-emails": {
        "task": "outbox.resend_queued",
        "schedule": crontab(minute="*/5"),
    },
    # An import (or its check) queued while the broker was down is queued again.
    "requeue-waiting-imports": {
        "task": "interests.import_jobs_requeue",
        "schedule": crontab(minute="*/5"),
    },
    "annual-declaration-reminders": {
        "task": "interests.campaign_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "training-reminders": {
        "task": "interests.training_reminders",
        "schedule": crontab(hour=8, minute=15, day_of_week=1),
    },
    "weekly-digest": {
        "task": "notifications.weekly_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week=1),
    },
}

# The schedules the secretary may change, as the schedules screen names them. The rest
# are housekeeping the service needs: shown there, not changed.
SECRETARY_SCHEDULES = {
    "annual-declaration-reminders": ScheduleLabel(
        "Annual declaration reminders",
        "Reminds everyone who has not answered an open annual declaration 14 days and "
        "2 days before its deadline, then tells the secretary who is overdue.",
    ),
    "training-reminders": ScheduleLabel(
        "Conflicts of interest training reminders",
        "Reminds decision-making staff with no pass of NHS England's module 1 in the last "
        "year (at most once a month each).",
    ),
    "weekly-digest": ScheduleLabel(
        "Weekly summary for the secretary and the Conflicts Guardian",
        "What is waiting on their dashboards: overdue declarations, entries to review, "
        "requests to withhold entries, likely breaches.",
    ),
}


@worker_process_init.connect
@worker_ready.connect
def _freeze_what_was_imported(**_: Any) -> None:
    """Move everything a worker imported at start (Django, the apps, WeasyPrint) out of the
    cyclic garbage collector's sight: it lives as long as the process, and rescanning it
    on every full collection cost about a tenth of a PDF chunk's rendering time
    (docs/adr/0024). Objects made afterwards are collected as usual."""
    gc.collect()
    gc.freeze()
