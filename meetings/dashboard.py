"""What meetings ask of each person, for the dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.dashboard import (
    DashboardLink,
    DashboardTask,
    register_link_provider,
    register_task_provider,
)
from interests.models import Interest
from meetings.models import Attendance, Meeting
from meetings.selectors.declarations_pending import pending_rows
from meetings.selectors.documents import agenda_pack

CHECK_YOUR_ENTRIES = (
    "Before the meeting, check the register entry this rests on is right: if it is wrong or "
    "out of date, correct it under My declarations, and the papers you receive follow."
)


def _entry_links(member: Any, interest_ids: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    """For each register entry a conflict rests on: open it, and correct it."""
    entries = Interest.objects.filter(declarant=member, pk__in=interest_ids).select_related(
        "organisation"
    )
    links: list[tuple[str, str]] = []
    for interest in sorted(entries, key=lambda i: interest_ids.index(i.pk)):
        label = f"{interest.get_nature_display()}, {interest.organisation_label}"
        links.append(
            (f"Your register entry: {label}", reverse("interest_detail", args=[interest.pk]))
        )
        if not interest.is_draft:
            links.append(
                (f"Correct this entry ({label})", reverse("interest_edit", args=[interest.pk]))
            )
    return tuple(links)


def _confirmed_on(member: Any, meeting: Meeting) -> str:
    """When the member last confirmed their entries for the meeting, in words, or ""."""
    confirmed = (
        Attendance.objects.filter(meeting=meeting, member=member)
        .values_list("entries_confirmed_at", flat=True)
        .first()
    )
    return date_format(timezone.localtime(confirmed), "j F Y") if confirmed else ""


def _where_you_stand(user: Any, meeting: Meeting) -> list[DashboardTask]:
    """Each item of an upcoming meeting the member has an interest in, before the meeting:
    what the chair is expected to do, or why the item is withheld from them, with the
    register entries it rests on (to open or correct)."""
    tasks = []
    member = getattr(user, "member", None)
    for entry in agenda_pack(meeting, user):
        if entry.standing is None:
            continue
        pack = reverse("meeting_pack", args=[meeting.pk]) + f"#item-{entry.item.pk}"
        title = (
            f"{meeting.display_title}: {entry.heading} is withheld from you"
            if entry.withheld
            else f"{meeting.display_title}: you have an interest in {entry.heading}"
        )
        tasks.append(
            DashboardTask(
                title=title,
                description=f"{entry.notice} {CHECK_YOUR_ENTRIES}",
                url=pack,
                due=meeting.date,
                # A confidential item's title stays in the app, out of every email.
                restricted=entry.item.is_confidential or entry.item.title_is_confidential,
                links=_entry_links(member, entry.standing.interest_ids),
            )
        )
    return tasks


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
            confirmed_on = _confirmed_on(member, meeting)
            tasks.append(
                DashboardTask(
                    title=f"Read your papers for {meeting.display_title}",
                    description="Your agenda pack has the papers you may receive. Check your "
                    "declarations against the agenda before the meeting, then confirm they are "
                    "correct (or correct them) so the secretary knows.",
                    url=reverse("meeting_pack", args=[meeting.pk]),
                    due=meeting.date,
                    action_url=reverse("meeting_entries_confirm", args=[meeting.pk]),
                    action_label="Confirm my entries again"
                    if confirmed_on
                    else "Confirm my entries are correct",
                    done=f"You confirmed your register entries are correct on {confirmed_on}."
                    if confirmed_on
                    else "",
                )
            )
            tasks += _where_you_stand(user, meeting)
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
    if user.has_perm("meetings.record_declaration_error"):
        tasks += _pending_declaration_tasks()
    return tasks


def _pending_declaration_tasks() -> list[DashboardTask]:
    """For the Guardian: declarations made at meetings that members have not completed."""
    rows = pending_rows()
    if not rows:
        return []
    overdue = sum(1 for row in rows if row.overdue)
    count = len(rows)
    return [
        DashboardTask(
            title=(
                f"{count} declaration{'s' if count != 1 else ''} made at meetings "
                f"{'are' if count != 1 else 'is'} not yet on the register"
            ),
            description=(
                "Each counts for recusal and paper access until the member completes it, or "
                "you record that it was made in error."
                + (
                    f" {overdue} {'are' if overdue != 1 else 'is'} over 28 days old."
                    if overdue
                    else ""
                )
            ),
            url=reverse("meeting_declarations_pending"),
            overdue=bool(overdue),
        )
    ]


@register_link_provider
def meeting_links(user: Any) -> list[DashboardLink]:
    if not user.has_perm("meetings.view_all_papers"):
        return []
    return [
        DashboardLink(
            title="Meetings, declarations and minutes",
            description="Every meeting's agenda, recusal matrix, declarations and the chair's "
            "decisions with the times people left and returned.",
            url=reverse("meeting_list"),
        ),
        DashboardLink(
            title="Published minutes",
            description="The Part I minutes as the public reads them.",
            url=reverse("public_minutes_index"),
        ),
    ]
