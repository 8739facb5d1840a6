"""No restricted text in any email: every email the product sends is produced in the
permission matrix's world, with a secret marker planted in every restricted object, and no
outbox row (subject, text or HTML) carries any marker."""

from __future__ import annotations

import datetime
from typing import Any

from core.outbox.digest import weekly_digest_queue
from core.outbox.models import OutboxMessage
from interests.models import DeclarationCampaign
from interests.services.campaign_reminders import (
    campaign_opened_notify,
    campaign_reminders_queue,
)
from interests.services.invitations import invitation_queue
from interests.services.training import training_reminders_queue
from meetings.models import AgendaItem
from meetings.services.meetings import meeting_publish_agenda
from tests.security.matrix_world import (
    BID_BYTES,
    BID_TITLE,
    DECLARATION,
    DRAFT,
    ITEM_TITLE,
    MINUTES,
    PAPER_BYTES,
    WITHHELD,
    build_world,
)

MARKERS = [ITEM_TITLE, PAPER_BYTES, MINUTES, DRAFT, WITHHELD, BID_TITLE, BID_BYTES, DECLARATION]


def test_no_email_carries_any_restricted_text(
    story: Any, django_capture_on_commit_callbacks
) -> None:
    secretary = story.secretary.user
    # The Part II item's title is the world's marker before the agenda goes out.
    AgendaItem.objects.filter(pk=story.award_item.pk).update(title=f"Award {ITEM_TITLE}")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_agenda(actor=secretary, meeting=story.meeting)
    world = build_world(story)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = DeclarationCampaign.objects.get(pk=world.ids["campaign"])
        campaign_opened_notify(campaign=campaign)
        for days_before in (14, 2, -1):
            campaign_reminders_queue(today=campaign.deadline - datetime.timedelta(days=days_before))
        weekly_digest_queue()
        training_reminders_queue()
        invitation_queue(actor=secretary, member=story.nurse, request=None)
    templates = set(OutboxMessage.objects.values_list("template", flat=True))
    assert templates >= {
        "emails/agenda_published",
        "emails/campaign_opened",
        "emails/campaign_reminder",
        "emails/campaign_overdue",
        "emails/weekly_digest",
        "emails/training_reminder",
        "emails/invitation",
    }
    # The world's restricted things are really on the dashboards the summary is built from.
    digest = OutboxMessage.objects.get(
        template="emails/weekly_digest", recipient=world.users["guardian"]
    )
    assert "Review 4 submitted register entries" in digest.body_text
    for message in OutboxMessage.objects.all():
        for marker in MARKERS:
            for text in (message.subject, message.body_text, message.body_html):
                assert marker not in text, (message.template, marker)
    assert OutboxMessage.objects.filter(status="sent").count() == OutboxMessage.objects.count()
