"""What meetings ask of each person, for the dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.dashboard import DashboardTask, register_task_provider
from meetings.models import Meeting


@register_task_provider
def meeting_tasks(user: Any) -> list[DashboardTask]:
    tasks = []
    now = timezone.now()
    member = getattr(user, "member", None)
    if member is not None:
        upcoming = (
            Meeting.objects.filter(
                attendances__member=member,
                attendances__apologies=False,
                status=Meeting.Status.AGENDA_PUBLISHED,
                starts_at__gte=now,
            )
            .select_related("committee")
            .order_by("starts_at")
        )
        for meeting in upcoming:
            tasks.append(
                DashboardTask(
                    title=f"Read your papers for {meeting.display_title}",
                    description="Your agenda pack has the papers you may receive. Check your "
                    "declarations against the agenda before the meeting.",
                    url=reverse("meeting_pack", args=[meeting.pk]),
                    due=meeting.date,
                )
            )
    if user.has_perm("meetings.manage_meetings"):
        drafts = Meeting.objects.filter(
            status=Meeting.Status.DRAFT, starts_at__gte=now
        ).select_related("committee")
        for meeting in drafts.order_by("starts_at"):
            tasks.append(
                DashboardTask(
                    title=f"Publish the agenda for {meeting.display_title}",
                    description="Check the recusal matrix and every quorum warning, then publish.",
                    url=reverse("meeting_detail", args=[meeting.pk]),
                    due=meeting.date,
                    overdue=(meeting.date - timezone.localdate()).days < 7,
                )
            )
    return tasks
