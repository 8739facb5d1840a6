"""The header menu, by role.

Each entry says who sees it: people holding a permission, or anyone for whom
a small test holds (for example, anyone with a register record).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


def has_member_record(user: Any) -> bool:
    return getattr(user, "member", None) is not None


def evaluates_a_lot(user: Any) -> bool:
    member = getattr(user, "member", None)
    return member is not None and member.panel_places.exists()


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None
    condition: Callable[[Any], bool] | None = None

    def visible_to(self, user: Any) -> bool:
        if self.permission and not user.has_perm(self.permission):
            return False
        return self.condition is None or self.condition(user)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("Dashboard", "dashboard"),
    NavEntry("My declarations", "my_declarations", condition=has_member_record),
    NavEntry("Meetings", "meeting_list", condition=has_member_record),
    NavEntry("Registers", "register_full", "interests.view_full_register"),
    NavEntry("Review", "register_review_queue", "interests.review_interest"),
    NavEntry("Committees", "committee_list", "meetings.view_committee"),
    NavEntry("People", "people_list", "interests.view_member"),
    NavEntry("Training", "training_overview", "interests.view_trainingrecord"),
    NavEntry("Procurements", "procurement_list", "procurements.view_procurement"),
    NavEntry("My evaluations", "my_evaluations", condition=evaluates_a_lot),
    NavEntry("Breaches", "breach_register", "compliance.view_breach"),
    NavEntry("Compliance", "compliance_dashboard", "compliance.view_compliance_dashboard"),
    NavEntry("Attestations", "attestation_list", "compliance.view_compliance_dashboard"),
    NavEntry("Audit pack", "audit_pack", "compliance.view_compliance_dashboard"),
    NavEntry("Audit trail", "audit_trail", "core.view_auditevent"),
    NavEntry("Privileged actions", "privileged_actions", "interests.approve_withholding"),
)


def navigation_for(user: Any, current_path: str) -> list[NavItem]:
    items = []
    for entry in NAV_ENTRIES:
        if not entry.visible_to(user):
            continue
        url = reverse(entry.url_name)
        items.append(NavItem(entry.label, url, current_path.startswith(url) and url != "/"))
    return items
