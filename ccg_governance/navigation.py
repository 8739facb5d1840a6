"""The header menu, by role.

Each entry names the permission that makes it appear; entries with no
permission are for every signed-in person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("Dashboard", "dashboard"),
    NavEntry("Audit trail", "audit_trail", "ccg_governance.view_auditevent"),
)


def navigation_for(user: Any, current_path: str) -> list[NavItem]:
    items = []
    for entry in NAV_ENTRIES:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        items.append(NavItem(entry.label, url, current_path.startswith(url) and url != "/"))
    return items
