"""Minutes an auditor can rely on: held only once it has started, approved only when every
conflict and declaration is settled, after seeing what becomes public."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from meetings.models import ConflictDecision, Meeting, MeetingDeclaration
from meetings.services.agenda import item_save
from meetings.services.conduct import (
    conflict_decision_record,
    conflict_suggestions_accept,
    item_minutes_save,
    meeting_declaration_record,
)
from meetings.services.meetings import meeting_mark_held, meeting_publish_agenda
from tests.conftest import login
from tests.meetings.conftest import Story

CONFIRM = {"confirm": "on"}


def body(response: Any) -> str:
    return response.content.decode()


def approve_url(story: Story) -> str:
    return reverse("meeting_approve_minutes", args=[story.meeting.pk])


# --- Held -----------------------------------------------------------------


def test_a_meeting_cannot_be_marked_held_before_it_starts(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.secretary)
    response = client.post(reverse("meeting_mark_held", args=[story.meeting.pk]))
    assert response.status_code == 400
    starts = timezone.localtime(story.meeting.starts_at)
    assert (
        f"The meeting starts at {starts:%H:%M} on {starts.day} {starts:%B %Y}: it cannot be "
        "marked as held before it starts."
    ) in body(response)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.AGENDA_PUBLISHED
    # Nor can it be approved, so nothing goes public early.
    assert client.post(approve_url(story), CONFIRM).status_code == 400
    assert client.get(reverse("public_minutes", args=[story.meeting.pk])).status_code == 404
    # The chair's screen does not offer it.
    page = body(client.get(reverse("meeting_conduct", args=[story.meeting.pk])))
    assert "It can be marked as held once it has started." in page
    assert "Mark as held</button>" not in page


def test_a_meeting_that_has_started_can_be_marked_held(
    client: Client, story_published: Story
) -> None:
    story = story_published
    Meeting.objects.filter(pk=story.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    login(client, story.secretary)
    assert "Mark as held</button>" in body(
        client.get(reverse("meeting_conduct", args=[story.meeting.pk]))
    )
    client.post(reverse("meeting_mark_held", args=[story.meeting.pk]))
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.HELD


# --- Gaps -----------------------------------------------------------------


def test_approval_is_refused_with_a_link_to_each_undecided_conflict(
    client: Client, story_held: Story
) -> None:
    story = story_held
    login(client, story.secretary)
    page = body(client.get(approve_url(story)))
    assert "The minutes cannot be approved yet" in page
    conduct = reverse("meeting_conduct", args=[story.meeting.pk])
    item = story.award_item.pk
    for member in (story.chair, story.fed_gp):
        link = f'href="{conduct}?item={item}#conflict-{item}-{member.pk}"'
        assert link in page
    assert "no decision on Dr A. Patel&#x27;s conflict" in page
    assert "Approve the minutes and publish Part I</button>" not in page

    response = client.post(approve_url(story), CONFIRM)
    assert response.status_code == 400
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.HELD
    with pytest.raises(ValidationError) as refused:
        from meetings.services.meetings import meeting_approve_minutes

        meeting_approve_minutes(actor=story.secretary.user, meeting=story.meeting)
    assert "no decision on Dr B. Okafor's conflict" in " ".join(refused.value.messages)

    # One decision left open still blocks approval.
    conflict_decision_record(
        actor=story.secretary.user, item=story.award_item, member=story.chair, action=2
    )
    page = body(client.get(approve_url(story)))
    assert f"#conflict-{item}-{story.chair.pk}" not in page
    assert f"#conflict-{item}-{story.fed_gp.pk}" in page


def test_the_conflicted_chair_sees_the_gap_without_what_the_item_is_about(
    client: Client, story_held: Story
) -> None:
    story = story_held
    login(client, story.chair)
    page = body(client.get(approve_url(story)))
    assert "Item 3: 2 conflicts need a decision. You are excluded from this item" in page
    assert "Award of the out-of-hours contract" not in page
    assert "Okafor&#x27;s conflict" not in page


def test_declarations_made_at_the_meeting_must_be_settled(
    client: Client, story_held: Story
) -> None:
    story = story_held
    actor = story.secretary.user
    conflict_suggestions_accept(actor=actor, item=story.award_item)
    # About no one item: settled by "no action needed", with a reason.
    general = meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.nurse,
        description="Trustee of Northfield Hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation_name="Northfield Hospice",
    )
    # About an item the engine finds no chain to: the chair decides it like any conflict.
    about_item = meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.single_gp,
        description="Her brother audits the finance team",
        category="non_financial_personal",
        nature="other",
        organisation_name="Northfield Audit Partners",
        item=story.open_item,
    )
    login(client, story.vice)
    page = body(client.get(approve_url(story)))
    conduct = reverse("meeting_conduct", args=[story.meeting.pk])
    assert f'href="{conduct}#declaration-{general.pk}"' in page
    assert f"#conflict-{story.open_item.pk}-{story.single_gp.pk}" in page

    # "No action needed" needs its reason.
    settle = reverse("declaration_settle", args=[story.meeting.pk, general.pk])
    response = client.post(settle, {"reason": " "})
    assert "Give the reason no action is needed" in body(response)
    client.post(settle, {"reason": "No item on this agenda concerns the hospice"})
    general.refresh_from_db()
    assert (general.no_action_reason, general.settled_by) == (
        "No item on this agenda concerns the hospice",
        story.vice.user,
    )
    assert AuditEvent.objects.filter(
        action="meeting.declaration_settled", object_id=str(general.pk)
    ).exists()

    # The item declaration appears on the chair's screen and is decided there.
    screen = body(
        client.get(
            reverse("meeting_conduct", args=[story.meeting.pk]), {"item": about_item.item_id}
        )
    )
    assert "Declared at the meeting: Her brother audits the finance team." in screen
    prefix = f"decision-{story.open_item.pk}-{story.single_gp.pk}"
    client.post(
        reverse(
            "conflict_decision", args=[story.meeting.pk, story.open_item.pk, story.single_gp.pk]
        ),
        {f"{prefix}-action": "5"},
    )
    decision = ConflictDecision.objects.get(item=story.open_item, member=story.single_gp)
    assert decision.words == "Declared at the meeting: Her brother audits the finance team."

    response = client.post(approve_url(story), CONFIRM)
    assert response.status_code == 302
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.MINUTES_APPROVED
    assert MeetingDeclaration.objects.filter(meeting=story.meeting).count() == 2


# --- Confirmation ---------------------------------------------------------


def test_approval_shows_what_will_be_public_and_asks_for_confirmation(
    client: Client, story_held: Story
) -> None:
    story = story_held
    actor = story.secretary.user
    item_minutes_save(actor=actor, item=story.open_item, text="The month 7 report was noted.")
    item_minutes_save(actor=actor, item=story.award_item, text="The trust's bid scored highest.")
    conflict_suggestions_accept(actor=actor, item=story.award_item)
    login(client, story.secretary)
    page = body(client.get(approve_url(story)))
    preview = page.split("What will be published", 1)[1]
    assert "The month 7 report was noted." in preview
    assert "Item 3: Confidential item (Part II)" in preview
    assert "The trust&#x27;s bid scored highest." not in preview
    assert "Award of the out-of-hours contract" not in preview
    assert "Approval cannot be undone" in page
    assert reverse("public_minutes", args=[story.meeting.pk]) in page

    refused = client.post(approve_url(story), {})
    assert refused.status_code == 400
    assert "Confirm that the minutes were agreed and may be published" in body(refused)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.HELD

    approved = client.post(approve_url(story), CONFIRM, follow=True)
    assert "The Part I minutes are now public" in body(approved)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.MINUTES_APPROVED
    assert AuditEvent.objects.filter(
        action="meeting.minutes_approved", object_id=str(story.meeting.pk)
    ).exists()
    public = body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    assert "The month 7 report was noted." in public


def test_only_recorders_approve(client: Client, story_held: Story) -> None:
    story = story_held
    for person in (story.fed_gp, story.lay):
        login(client, person)
        assert client.get(approve_url(story)).status_code == 403
        assert client.post(approve_url(story), CONFIRM).status_code == 403


def test_an_item_added_later_needs_its_decisions_too(story: Story) -> None:
    actor = story.secretary.user
    estates = item_save(
        actor=actor,
        meeting=story.meeting,
        title="Hillview premises",
        purpose="decision",
        part="I",
        affected_organisations=[story.riverside],
    )
    Meeting.objects.filter(pk=story.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    story.meeting.refresh_from_db()
    meeting = meeting_publish_agenda(actor=actor, meeting=story.meeting)
    meeting = meeting_mark_held(actor=actor, meeting=meeting)
    conflict_suggestions_accept(actor=actor, item=story.award_item)
    from meetings.selectors.approval import approval_gaps

    gaps = approval_gaps(meeting)
    assert [g.text for g in gaps] == [
        f"Item {estates.number}: Hillview premises: no decision on Dr A. Patel's conflict."
    ]
