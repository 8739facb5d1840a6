"""The seed story as a fixture: a governing body deciding the out-of-hours award."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.roles import Role
from interests.models import Member
from meetings.models import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    Meeting,
    QuorumRoleRequirement,
)
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_create
from meetings.services.papers import paper_upload
from procurements.models import Bid, Lot, Procurement
from tests.interests.factories import (
    InterestFactory,
    MemberFactory,
    OrganisationFactory,
    RelationshipFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@dataclass
class Story:
    committee: Committee
    meeting: Meeting
    federation: Any
    riverside: Any
    moorside: Any
    trust: Any
    lot: Lot
    award_item: AgendaItem
    open_item: AgendaItem
    chair: Member
    vice: Member
    fed_gp: Member
    single_gp: Member
    lay: Member
    nurse: Member
    secretary: Member
    reserve_gp: Member
    award_paper: Any
    open_paper: Any


@pytest.fixture
def story(db: Any, secretary: Member, guardian: Member, auditor: Member) -> Story:
    federation = OrganisationFactory(name="Northfield GP Federation", kind="gp_federation")
    riverside = OrganisationFactory(name="Riverside Surgery")
    hillview = OrganisationFactory(name="Hillview Medical Centre")
    moorside = OrganisationFactory(name="Moorside Surgery")
    trust = OrganisationFactory(name="Northfield Community Trust", kind="nhs_trust")
    RelationshipFactory(source=riverside, target=federation)
    RelationshipFactory(source=hillview, target=federation)

    chair = MemberFactory(
        user__username="s.chair",
        user__roles=[Role.CHAIR, Role.MEMBER],
        first_name="Anita",
        last_name="Patel",
    )
    fed_gp = MemberFactory(
        user__username="s.fedgp", user__roles=[Role.MEMBER], first_name="Ben", last_name="Okafor"
    )
    single_gp = MemberFactory(
        user__username="s.singlegp",
        user__roles=[Role.MEMBER],
        first_name="Emma",
        last_name="Clarke",
    )
    vice = MemberFactory(
        user__username="s.vice",
        user__roles=[Role.CHAIR, Role.MEMBER],
        title="Mr",
        first_name="Robert",
        last_name="Kaye",
        professional_role="lay",
    )
    lay = guardian
    nurse = MemberFactory(
        user__username="s.nurse",
        user__roles=[Role.MEMBER],
        title="Mrs",
        first_name="Susan",
        last_name="Wright",
        professional_role="nurse",
    )
    reserve_gp = MemberFactory(
        user__username="s.reserve",
        user__roles=[Role.MEMBER],
        first_name="Nia",
        last_name="North",
        affiliation="Southfield CCG",
    )

    InterestFactory(declarant=chair, organisation=riverside)
    InterestFactory(declarant=fed_gp, organisation=hillview)
    InterestFactory(declarant=single_gp, organisation=moorside, nature="owner")

    committee = Committee.objects.create(name="Governing Body", quorum_minimum_voting=4)
    QuorumRoleRequirement.objects.create(committee=committee, professional_role="gp", minimum=1)
    QuorumRoleRequirement.objects.create(committee=committee, professional_role="lay", minimum=1)
    for member, role in (
        (chair, "chair"),
        (vice, "vice_chair"),
        (fed_gp, "member"),
        (single_gp, "member"),
        (lay, "member"),
        (nurse, "member"),
    ):
        CommitteeMembership.objects.create(
            committee=committee, member=member, role=role, start_date=datetime.date(2020, 1, 1)
        )
    committee.reserve.create(member=reserve_gp, note="GP from Southfield CCG")

    procurement = Procurement.objects.create(
        reference="NCCG-2026-01", title="Community and out-of-hours"
    )
    lot = Lot.objects.create(procurement=procurement, number=2, title="Out-of-hours")
    Bid.objects.create(lot=lot, organisation=federation, status="submitted")
    Bid.objects.create(lot=lot, organisation=trust, status="submitted")

    actor = secretary.user
    meeting = meeting_create(
        actor=actor, committee=committee, starts_at=timezone.now() + datetime.timedelta(days=14)
    )
    open_item = item_save(
        actor=actor, meeting=meeting, title="Finance report", purpose="information", part="I"
    )
    award_item = item_save(
        actor=actor,
        meeting=meeting,
        title="Award of the out-of-hours contract",
        purpose="decision",
        part="II",
        lot_id=lot.pk,
        title_is_confidential=True,
    )
    award_paper = paper_upload(
        actor=actor, item=award_item, title="Evaluation report", upload=pdf()
    )
    open_paper = paper_upload(actor=actor, item=open_item, title="Finance report", upload=pdf())
    return Story(
        committee,
        meeting,
        federation,
        riverside,
        moorside,
        trust,
        lot,
        award_item,
        open_item,
        chair,
        vice,
        fed_gp,
        single_gp,
        lay,
        nurse,
        secretary,
        reserve_gp,
        award_paper,
        open_paper,
    )


@pytest.fixture
def story_published(story: Story) -> Story:
    """The story with its agenda published: members see the meeting and receive their papers."""
    from meetings.services.meetings import meeting_publish_agenda

    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    story.meeting.refresh_from_db()
    return story


def start_meeting(story: Story, hours_ago: int = 3) -> None:
    """Move the story's meeting into the past: it has started and may be marked held."""
    Meeting.objects.filter(pk=story.meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    story.meeting.refresh_from_db()


@pytest.fixture
def story_held(story_published: Story) -> Story:
    """The story's meeting has taken place and is marked held; nothing is decided yet."""
    from meetings.services.meetings import meeting_mark_held

    start_meeting(story_published)
    meeting_mark_held(actor=story_published.secretary.user, meeting=story_published.meeting)
    story_published.meeting.refresh_from_db()
    return story_published


def approve_story(story: Story) -> Meeting:
    """Hold the story's meeting, accept the suggested action on every conflict still open,
    and approve the minutes, as the secretary would after the meeting."""
    from meetings.services.conduct import conflict_suggestions_accept
    from meetings.services.meetings import (
        meeting_approve_minutes,
        meeting_mark_held,
        meeting_publish_agenda,
    )

    actor = story.secretary.user
    start_meeting(story)
    meeting = story.meeting
    if meeting.status == Meeting.Status.DRAFT:
        meeting = meeting_publish_agenda(actor=actor, meeting=meeting)
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        meeting = meeting_mark_held(actor=actor, meeting=meeting)
    for item in AgendaItem.objects.filter(meeting=meeting):
        item.meeting = meeting
        conflict_suggestions_accept(actor=actor, item=item)
    meeting = meeting_approve_minutes(actor=actor, meeting=meeting)
    story.meeting.refresh_from_db()
    return meeting
