"""What the register asks of each person, for the dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.dashboard import (
    DashboardLink,
    DashboardTask,
    register_link_provider,
    register_task_provider,
)
from interests.models import DeclarationCampaign
from interests.selectors.register import (
    campaign_progress,
    my_declarations,
    review_queue,
    withholding_requests,
)
from interests.selectors.retention import deletion_due_count
from interests.selectors.training import training_completion, training_due_for


@register_task_provider
def declaration_tasks(user: Any) -> list[DashboardTask]:
    member = getattr(user, "member", None)
    if member is None or not member.is_active:
        return []
    mine = my_declarations(member)
    tasks = []
    today = timezone.localdate()
    campaign = mine.open_campaign
    if mine.campaign_due and member.is_decision_maker and campaign is not None:
        tasks.append(
            DashboardTask(
                title=f"Answer {campaign.title}",
                description="Confirm your register entries are complete, or make a nil return.",
                url=reverse("annual_declaration", args=[campaign.pk]),
                due=campaign.deadline,
                overdue=campaign.deadline < today,
            )
        )
    for draft in mine.drafts:
        from_meeting = draft.source == draft.Source.MEETING
        tasks.append(
            DashboardTask(
                title=f"Submit your draft declaration: {draft.organisation_label}",
                description=(
                    "You declared this at a meeting; complete and submit it so the register "
                    "matches the minutes."
                    if from_meeting
                    else "It is not on the register until you submit it."
                ),
                url=reverse("interest_edit", args=[draft.pk]),
                overdue=draft in mine.overdue_drafts,
                restricted=True,  # a draft is its declarant's alone, never in an email
            )
        )
    for entry in mine.current:
        if entry.start_date_unknown:
            tasks.append(
                DashboardTask(
                    title=f"Add the start date: {entry.organisation_label}",
                    description=(
                        "This entry came from an earlier register with no start date. Until "
                        "you add it, it counts as held since before any meeting."
                    ),
                    url=reverse("interest_edit", args=[entry.pk]),
                    restricted=True,  # names the organisation: never in an email
                )
            )
    if (
        member.is_decision_maker
        and not (mine.current or mine.drafts)
        and mine.last_declaration is None
    ):
        tasks.append(
            DashboardTask(
                title="Declare your interests or make a nil return",
                description=(
                    "Everyone who takes part in decisions must declare, "
                    "even if they have nothing to declare."
                ),
                url=reverse("my_declarations"),
            )
        )
    return tasks


def _entries(count: int) -> str:
    return "entry" if count == 1 else "entries"


@register_task_provider
def review_tasks(user: Any) -> list[DashboardTask]:
    tasks = []
    me = getattr(user, "member", None)
    if user.has_perm("interests.review_interest"):
        waiting = review_queue(exclude_member=me).count()
        if waiting:
            tasks.append(
                DashboardTask(
                    title=f"Review {waiting} submitted register {_entries(waiting)}",
                    description="Check each entry and record the action agreed to manage it.",
                    url=reverse("register_review_queue"),
                )
            )
    if user.has_perm("interests.approve_withholding"):
        requests = withholding_requests(exclude_member=me).count()
        if requests:
            tasks.append(
                DashboardTask(
                    title=(
                        f"Decide {requests} request{'s' if requests != 1 else ''} "
                        "to withhold an entry from publication"
                    ),
                    description=(
                        "As Conflicts of Interest Guardian, approve or refuse each request, "
                        "with a reason."
                    ),
                    url=reverse("register_review_queue"),
                )
            )
    if user.has_perm("interests.review_retention"):
        due = deletion_due_count()
        if due:
            tasks.append(
                DashboardTask(
                    title=f"Review {due} record{'s' if due != 1 else ''} kept past six years",
                    description=(
                        "Records of people who left more than six years ago. Nothing is deleted "
                        "until you choose it."
                    ),
                    url=reverse("retention_review"),
                )
            )
    return tasks


@register_task_provider
def overdue_declaration_tasks(user: Any) -> list[DashboardTask]:
    """For the secretary and the Guardian: an open annual declaration past its deadline
    that people have not answered."""
    if not (
        user.has_perm("interests.run_declaration_campaign")
        or user.has_perm("interests.approve_withholding")
    ):
        return []
    tasks = []
    late = DeclarationCampaign.objects.filter(
        closed_at__isnull=True, deadline__lt=timezone.localdate()
    )
    for campaign in late:
        missing = len(campaign_progress(campaign).outstanding)
        if missing:
            people = "person has" if missing == 1 else "people have"
            tasks.append(
                DashboardTask(
                    title=f"{missing} {people} not answered {campaign.title}",
                    description="The deadline has passed. Chase them; once the campaign "
                    "closes, their silence stays on the record.",
                    url=reverse("register_campaign_detail", args=[campaign.pk]),
                    due=campaign.deadline,
                    overdue=True,
                )
            )
    return tasks


@register_task_provider
def training_tasks(user: Any) -> list[DashboardTask]:
    """The member's own module 1, and for the secretary and the Guardian, who lacks it."""
    tasks = []
    member = getattr(user, "member", None)
    if member is not None and training_due_for(member):
        tasks.append(
            DashboardTask(
                title="Complete NHS England's conflicts of interest training (module 1)",
                description="Decision-making staff pass it every year (80% passes). Send your "
                "certificate to the governance team to have it recorded.",
                url=reverse("my_declarations") + "#training",
            )
        )
    if user.has_perm("interests.record_training") or user.has_perm("interests.approve_withholding"):
        missing = len(training_completion().missing)
        if missing:
            tasks.append(
                DashboardTask(
                    title=f"{missing} decision-making staff without a training pass in the "
                    "last year",
                    description="NHS England's module 1 is mandatory for them. They are "
                    "reminded by email each month; record passes as certificates arrive.",
                    url=reverse("training_overview"),
                )
            )
    return tasks


@register_link_provider
def register_links(user: Any) -> list[DashboardLink]:
    links = []
    if user.has_perm("interests.view_full_register"):
        links.append(
            DashboardLink(
                title="Register of interests (full)",
                description="Every entry, including drafts, withheld entries and history.",
                url=reverse("register_full"),
                export_url=reverse("register_full_csv"),
                export_label="Download the full register (CSV)",
            )
        )
        links.append(
            DashboardLink(
                title="Annual declarations and nil returns",
                description="Who has answered each annual declaration campaign, and who has not.",
                url=reverse("register_campaigns"),
            )
        )
    if user.has_perm("interests.view_trainingrecord"):
        links.append(
            DashboardLink(
                title="Conflicts of interest training",
                description="Who among decision-making staff has passed NHS England's module 1 "
                "in the last year, and who has not.",
                url=reverse("training_overview"),
            )
        )
    if user.has_perm("interests.view_gifts_register"):
        links.append(
            DashboardLink(
                title="Gifts and hospitality register",
                description="Offers accepted and declined, with the rules each was judged by.",
                url=reverse("gift_register"),
                export_url=reverse("gift_register_csv"),
                export_label="Download the gifts and hospitality register (CSV)",
            )
        )
    return links
