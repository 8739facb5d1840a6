"""The outbox and the reminders' schedules, for the secretary's dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.dashboard import (
    DashboardLink,
    DashboardTask,
    register_link_provider,
    register_task_provider,
)
from core.outbox.models import OutboxMessage


@register_link_provider
def outbox_links(user: Any) -> list[DashboardLink]:
    if not user.has_perm("core.view_outboxmessage"):
        return []
    return [
        DashboardLink(
            title="Outbox and reminder schedules",
            description="Every email sent (invitations, reminders, agendas, weekly summaries) "
            "and whether it has gone; when reminders are sent.",
            url=reverse("outbox"),
        )
    ]


@register_task_provider
def outbox_tasks(user: Any) -> list[DashboardTask]:
    if not user.has_perm("core.change_outboxmessage"):
        return []
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    if not failed:
        return []
    emails = "email" if failed == 1 else "emails"
    return [
        DashboardTask(
            title=f"{failed} {emails} could not be sent",
            description="The mail server refused them after several tries. Check the "
            "addresses, then try again from the outbox.",
            url=reverse("outbox") + "?status=failed",
        )
    ]
