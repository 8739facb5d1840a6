"""The annual declaration by email: at opening, 14 and 2 days before the deadline to everyone
who has not answered, then the list of who is overdue to the secretary.

Each email has a dedupe key naming the campaign, the stage and the person, so running the
daily job twice (or beat catching up after an outage) never sends the same reminder twice.
Only people who can answer are emailed: decision-making staff with an active login.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.outbox.services import email_queue, site_link
from core.roles import Role
from interests.models import DeclarationCampaign, Member
from interests.selectors.register import campaign_progress

REMIND_DAYS_BEFORE = (14, 2)


def _answerable(members: list[Member]) -> list[tuple[Member, User]]:
    """Each member who can answer, with their login."""
    return [
        (m, m.user)
        for m in members
        if m.user is not None and m.user.is_active and m.user.email and m.is_active
    ]


def _queue_for_members(
    campaign: DeclarationCampaign, stage: str, template: str, today: datetime.date
) -> int:
    progress = campaign_progress(campaign)
    outstanding = Member.objects.filter(pk__in=[m.pk for m in progress.outstanding])
    link = site_link(reverse("annual_declaration", args=[campaign.pk]))
    queued = 0
    for member, user in _answerable(list(outstanding.select_related("user"))):
        message = email_queue(
            template=template,
            context={
                "campaign_title": campaign.title,
                "deadline": campaign.deadline,
                "days_left": (campaign.deadline - today).days,
                "stage": stage,
                "link": link,
            },
            to_email=user.email,
            dedupe_key=f"campaign:{campaign.pk}:{stage}:member:{member.pk}",
            recipient=user,
            recipient_name=member.full_name,
        )
        queued += message is not None
    return queued


def campaign_opened_notify(*, campaign: DeclarationCampaign) -> int:
    """Called by ``campaign_open`` in its transaction: everyone who must answer is told."""
    return _queue_for_members(campaign, "opened", "emails/campaign_opened", timezone.localdate())


def _secretaries() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.SECRETARY.value)
        .exclude(email="")
        .select_related("member")
        .distinct()
    )


def _overdue_notify(campaign: DeclarationCampaign) -> int:
    progress = campaign_progress(campaign)
    if not progress.outstanding:
        return 0
    queued = 0
    for secretary in _secretaries():
        member = getattr(secretary, "member", None)
        message = email_queue(
            template="emails/campaign_overdue",
            context={
                "campaign_title": campaign.title,
                "deadline": campaign.deadline,
                "outstanding": [
                    {"name": m.full_name, "position": m.job_title} for m in progress.outstanding
                ],
                "answered": len(progress.answered),
                "expected": progress.expected,
                "link": site_link(reverse("register_campaign_detail", args=[campaign.pk])),
            },
            to_email=secretary.email,
            dedupe_key=f"campaign:{campaign.pk}:overdue:user:{secretary.pk}",
            recipient=secretary,
            recipient_name=member.full_name if member is not None else secretary.get_username(),
        )
        queued += message is not None
    return queued


def _stage_due(campaign: DeclarationCampaign, today: datetime.date) -> str | None:
    days_left = (campaign.deadline - today).days
    if days_left < 0:
        return "overdue"
    if days_left <= REMIND_DAYS_BEFORE[1]:
        return "reminder-2"
    opened = timezone.localtime(campaign.opened_at).date()
    # A campaign opened less than 14 days before its deadline: its opening email served.
    if days_left <= REMIND_DAYS_BEFORE[0] and (campaign.deadline - opened).days > 14:
        return "reminder-14"
    return None


@transaction.atomic
def campaign_reminders_queue(*, today: datetime.date | None = None) -> dict[str, int]:
    """Beat, daily: queue whatever each open campaign's calendar says is due today and has
    not been sent. Returns the number queued per stage."""
    today = today or timezone.localdate()
    queued: dict[str, int] = {}
    for campaign in DeclarationCampaign.objects.filter(closed_at__isnull=True):
        stage = _stage_due(campaign, today)
        if stage == "overdue":
            queued[stage] = queued.get(stage, 0) + _overdue_notify(campaign)
        elif stage is not None:
            count = _queue_for_members(campaign, stage, "emails/campaign_reminder", today)
            queued[stage] = queued.get(stage, 0) + count
    return queued
