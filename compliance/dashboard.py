"""What the breaches register asks of the Guardian, for the dashboard (and the weekly digest,
which reuses the dashboard's tasks)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from compliance.selectors.breaches import REVIEW, VIEW, breach_queue
from core.dashboard import (
    DashboardLink,
    DashboardTask,
    register_link_provider,
    register_task_provider,
)


@register_task_provider
def breach_tasks(user: Any) -> list[DashboardTask]:
    if not user.has_perm(REVIEW):
        return []
    own = getattr(user, "member", None)
    waiting = breach_queue()
    if own is not None:
        waiting = waiting.exclude(member=own)  # another Guardian reviews their own
    count = waiting.count()
    if not count:
        return []
    return [
        DashboardTask(
            title=f"Review {count} likely breach{'es' if count != 1 else ''}",
            description=(
                "Found by the register's own checks or reported: decide whether each is a "
                "breach, record the action taken and what the published register says."
            ),
            url=reverse("breach_register") + "?status=awaiting_review",
        )
    ]


@register_link_provider
def breach_links(user: Any) -> list[DashboardLink]:
    if not user.has_perm(VIEW):
        return []
    return [
        DashboardLink(
            title="Breaches register",
            description="Every breach and likely breach, its evidence and the Guardian's "
            "review; the published register is anonymised.",
            url=reverse("breach_register"),
            export_url=reverse("breach_register_csv"),
            export_label="Download the breaches register (CSV)",
        )
    ]


@register_link_provider
def compliance_links(user: Any) -> list[DashboardLink]:
    if not user.has_perm("compliance.view_compliance_dashboard"):
        return []
    return [
        DashboardLink(
            title="Compliance dashboard",
            description="This year's figures for internal audit, each with the names behind "
            "it; the Guardian's attestation and the annual audit pack.",
            url=reverse("compliance_dashboard"),
            export_url=reverse("audit_pack"),
            export_label="The annual audit pack (PDF and CSV files)",
        )
    ]
