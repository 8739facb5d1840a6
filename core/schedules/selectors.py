"""The schedules as the secretary's screen shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.digits import is_digits
from core.schedules.registry import is_editable, schedule_label

DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


@dataclass(frozen=True)
class SimpleTime:
    """A crontab the screen can edit: one time of day, on some days of the week."""

    hour: int
    minute: int
    days: list[int]  # 0 Sunday .. 6 Saturday


def simple_time(crontab: CrontabSchedule | None) -> SimpleTime | None:
    if crontab is None or crontab.day_of_month != "*" or crontab.month_of_year != "*":
        return None
    if not (is_digits(crontab.hour) and is_digits(crontab.minute)):
        return None
    if crontab.day_of_week == "*":
        days = list(range(7))
    else:
        parts = crontab.day_of_week.split(",")
        if not all(is_digits(part) and int(part) in range(7) for part in parts):
            return None
        days = sorted({int(part) for part in parts})
    return SimpleTime(hour=int(crontab.hour), minute=int(crontab.minute), days=days)


def _days_words(days: list[int]) -> str:
    if len(days) == 7:
        return "Every day"
    if days == [1, 2, 3, 4, 5]:
        return "Monday to Friday"
    names = [f"{DAY_NAMES[day]}s" for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _when(task: PeriodicTask) -> str:
    simple = simple_time(task.crontab)
    if simple is not None:
        return f"{_days_words(simple.days)} at {simple.hour:02d}:{simple.minute:02d}"
    if task.interval is not None:
        return f"Every {task.interval.every} {task.interval.period}"
    if task.crontab is not None:
        return str(task.crontab.human_readable)
    return "No schedule"


@dataclass(frozen=True)
class ScheduleRow:
    task: PeriodicTask
    title: str
    description: str
    when: str
    enabled: bool
    editable: bool
    simple: SimpleTime | None


def schedule_row(task: PeriodicTask) -> ScheduleRow:
    label = schedule_label(task.name)
    simple = simple_time(task.crontab)
    return ScheduleRow(
        task=task,
        title=label.title if label else task.name.replace("-", " ").capitalize(),
        description=label.description if label else "Housekeeping the service needs.",
        when=_when(task),
        enabled=task.enabled,
        editable=is_editable(task.name) and simple is not None,
        simple=simple,
    )


def schedule_rows() -> list[ScheduleRow]:
    tasks = PeriodicTask.objects.select_related("crontab", "interval").order_by("name")
    rows = [schedule_row(task) for task in tasks]
    return sorted(rows, key=lambda row: (not row.editable, row.title))


def schedule_get(pk: int) -> PeriodicTask:
    return get_object_or_404(PeriodicTask.objects.select_related("crontab", "interval"), pk=pk)


def schedule_version(task: PeriodicTask) -> str:
    """What the edit form saw: the schedule and whether it was on (not the last run, which
    beat updates all the time)."""
    return f"{task.crontab_id or 0}:{task.interval_id or 0}:{int(task.enabled)}"
