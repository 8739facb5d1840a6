"""What procurements offer the dashboard: the decisions register, for those who read it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.dashboard import DashboardLink, register_link_provider


@register_link_provider
def procurement_links(user: Any) -> list[DashboardLink]:
    if not user.has_perm("procurements.view_awarddecision"):
        return []
    return [
        DashboardLink(
            title="Procurement decisions register (full)",
            description="Every award: how it was decided, the conflicts noted and how they "
            "were managed, including what the published register leaves out.",
            url=reverse("procurement_register_full"),
            export_url=reverse("procurement_register_full_csv"),
            export_label="Download the procurement decisions register (CSV)",
        )
    ]
