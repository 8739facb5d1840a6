"""What a signed-in person must do next, for the dashboard.

Each app contributes a provider: a function taking the user and returning
the tasks it knows about. The dashboard lists them in order of urgency.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DashboardTask:
    title: str
    description: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False


TaskProvider = Callable[[Any], list[DashboardTask]]
_PROVIDERS: list[TaskProvider] = []


def register_task_provider(provider: TaskProvider) -> TaskProvider:
    _PROVIDERS.append(provider)
    return provider


def dashboard_tasks_for(user: Any) -> list[DashboardTask]:
    tasks: list[DashboardTask] = []
    for provider in _PROVIDERS:
        tasks.extend(provider(user))
    return sorted(tasks, key=lambda t: (not t.overdue, t.due or datetime.date.max, t.title))
