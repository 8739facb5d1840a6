"""Putting the declared default schedules into the database, without undoing changes.

django-celery-beat's own scheduler writes ``beat_schedule`` over the database rows every
time beat starts, which would silently undo the secretary's changes at each deployment.
Here a declared schedule is added only when no row of that name exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from celery import schedules
from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from core.schedules.registry import schedule_label


def _schedule_fields(schedule: Any) -> dict[str, Any]:
    if isinstance(schedule, schedules.crontab):
        # As declared ("*/5", not the sixty minutes it expands to), in local time: the
        # declared times are the organisation's, not UTC.
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(schedule._orig_minute),  # type: ignore[attr-defined]
            hour=str(schedule._orig_hour),  # type: ignore[attr-defined]
            day_of_week=str(schedule._orig_day_of_week),  # type: ignore[attr-defined]
            day_of_month=str(schedule._orig_day_of_month),  # type: ignore[attr-defined]
            month_of_year=str(schedule._orig_month_of_year),  # type: ignore[attr-defined]
            timezone=settings.TIME_ZONE,
        )
        return {"crontab": crontab}
    if isinstance(schedule, schedules.schedule):
        every = schedule.run_every  # type: ignore[attr-defined]
    elif isinstance(schedule, datetime.timedelta):
        every = schedule
    else:
        every = datetime.timedelta(seconds=float(schedule))
    seconds = int(every.total_seconds())
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=seconds, period=IntervalSchedule.SECONDS
    )
    return {"interval": interval}


@transaction.atomic
def schedules_install(declared: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Add each declared schedule that has no row yet; return the names added."""
    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    added = []
    for name, entry in declared.items():
        if name in existing:
            continue
        label = schedule_label(name)
        PeriodicTask.objects.create(
            name=name,
            task=entry["task"],
            description=label.description if label else "",
            **_schedule_fields(entry["schedule"]),
        )
        added.append(name)
    return added
