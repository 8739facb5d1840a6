"""What a signed-in person must do next, and where their evidence is, for the dashboard.

Each app contributes providers: functions taking the user and returning the tasks it
knows about (listed in order of urgency), and the registers, exports and records the
person may read (so an auditor, who has nothing to do, is pointed at what to check).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DashboardTask:
    """One thing to do. The weekly summary email carries the title and description of every
    task, so a provider whose text names something restricted (a confidential item's title,
    a draft entry) marks the task ``restricted``: the email then only counts it."""

    title: str
    description: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    restricted: bool = False
    # Shown on the dashboard only, never in the summary email: further links (label, url),
    # a button that posts to ``action_url``, and a line saying what was already done.
    links: tuple[tuple[str, str], ...] = ()
    action_url: str = ""
    action_label: str = ""
    done: str = ""


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


@dataclass(frozen=True)
class DashboardLink:
    title: str
    description: str
    url: str
    export_url: str = ""  # a download of the same, e.g. a CSV
    export_label: str = ""


LinkProvider = Callable[[Any], list[DashboardLink]]
_LINK_PROVIDERS: list[LinkProvider] = []


def register_link_provider(provider: LinkProvider) -> LinkProvider:
    _LINK_PROVIDERS.append(provider)
    return provider


def dashboard_links_for(user: Any) -> list[DashboardLink]:
    links: list[DashboardLink] = []
    for provider in _LINK_PROVIDERS:
        links.extend(provider(user))
    return links
