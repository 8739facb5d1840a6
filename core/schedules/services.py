"""The secretary changes when a reminder is sent, or switches it off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.audit import audit_record
from core.schedules.registry import is_editable
from core.schedules.selectors import ScheduleRow, schedule_row, schedule_version


@transaction.atomic
def schedule_change(
    *,
    actor: Any,
    task: PeriodicTask,
    hour: int,
    minute: int,
    days: list[int],
    enabled: bool,
    version: str,
) -> ScheduleRow:
    """Run ``task`` at ``hour:minute`` (local time) on ``days`` (0 Sunday to 6 Saturday;
    every day when all seven), or not at all when not ``enabled``.

    ``version`` is what the form showed: if someone else changed the schedule since, the
    change is refused rather than silently overwriting theirs.
    """
    task = PeriodicTask.objects.select_for_update().get(pk=task.pk)
    if not is_editable(task.name):
        raise ValidationError("This is housekeeping the service needs; it cannot be changed here.")
    if version != schedule_version(task):
        raise ValidationError(
            "Someone else changed this schedule while you were editing it. "
            "Check the times now shown, then make your change again."
        )
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationError("Enter a time between 00:00 and 23:59")
    chosen = sorted(set(days))
    if not chosen or any(day not in range(7) for day in chosen):
        raise ValidationError("Choose at least one day")
    before = schedule_row(task)
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_week="*" if len(chosen) == 7 else ",".join(str(day) for day in chosen),
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    task.crontab = crontab
    task.interval = None
    task.enabled = enabled
    task.full_clean()
    task.save()  # django-celery-beat tells a running beat that the schedule changed
    after = schedule_row(task)
    audit_record(
        actor=actor,
        action="schedule.changed",
        obj=task,
        detail={"name": task.name, "from": before.when, "to": after.when},
    )
    return after
