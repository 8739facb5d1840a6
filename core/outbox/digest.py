"""The weekly summary for the secretary and the Conflicts Guardian: their dashboard, by email.

Built from the dashboard's task providers (``core.dashboard``), so whatever an app puts on
their dashboard (overdue declarations, entries to review, withholding requests, likely
breaches) is in the summary without the summary knowing of it. A task marked
``restricted`` is counted, not named.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core.dashboard import dashboard_tasks_for
from core.outbox.services import email_queue, site_link
from core.roles import Role

DIGEST_ROLES = (Role.SECRETARY, Role.GUARDIAN)


@dataclass(frozen=True)
class DigestLine:
    title: str
    description: str
    link: str
    due: datetime.date | None
    overdue: bool


def digest_recipients() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in DIGEST_ROLES])
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _name(user: Any) -> str:
    member = getattr(user, "member", None)
    return str(member.full_name) if member is not None else str(user.get_username())


def weekly_digest_queue(*, today: datetime.date | None = None) -> int:
    """Queue this week's summary for each secretary and Guardian; once a week each, however
    often it is run. Returns how many were queued now."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    queued = 0
    for user in digest_recipients():
        tasks = dashboard_tasks_for(user)
        lines = [
            DigestLine(task.title, task.description, site_link(task.url), task.due, task.overdue)
            for task in tasks
            if not task.restricted
        ]
        message = email_queue(
            template="emails/weekly_digest",
            context={
                "tasks": lines,
                "restricted_count": len(tasks) - len(lines),
                "dashboard_link": site_link(reverse("dashboard")),
            },
            to_email=user.email,
            dedupe_key=f"digest:{user.pk}:{year}-W{week:02d}",
            recipient=user,
            recipient_name=_name(user),
        )
        queued += message is not None
    return queued
