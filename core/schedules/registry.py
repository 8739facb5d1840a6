"""Which schedules the secretary may change, and what the screen calls them.

The project declares them (``ccg_governance/celery.py``) and registers them here in its
``AppConfig.ready()``; the kernel knows no task of any app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduleLabel:
    title: str
    description: str


_labels: dict[str, ScheduleLabel] = {}


def register_schedule_labels(labels: Mapping[str, ScheduleLabel]) -> None:
    _labels.update(labels)


def schedule_label(name: str) -> ScheduleLabel | None:
    return _labels.get(name)


def is_editable(name: str) -> bool:
    """Reminders and summaries are the secretary's; housekeeping is not."""
    return name in _labels
