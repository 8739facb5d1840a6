"""A declaration made at a meeting is a declaration: it counts for recusal and paper access
from that moment, at every later meeting of any committee, until the member completes the
register entry (then the entry counts) or the Conflicts Guardian records it was made in error.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interests.models import Interest
from interests.services.declarations import Publication, interest_submit
from meetings.models import Committee, CommitteeMembership, Meeting, MeetingDeclaration
from meetings.selectors.recusal_facts import meeting_assessment, meeting_facts
from meetings.services.agenda import item_save
from meetings.services.conduct import meeting_declaration_record
from meetings.services.declaration_errors import meeting_declaration_in_error
from meetings.services.meetings import meeting_create, meeting_publish_agenda
from meetings.services.papers import paper_upload
from tests.conftest import login
from tests.interests.factories import MemberFactory, OrganisationFactory
from tests.meetings.conftest import Story, pdf


def _past_meeting(story: Story, days_ago: int) -> Meeting:
    """A meeting of the story's committee that took place ``days_ago`` days ago."""
    meeting = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    return meeting


def _other_committee_meeting(story: Story, days_ahead: int) -> tuple[Meeting, Any, Any]:
    """A meeting of another committee the single-handed GP sits on, with a confidential
    item about the community trust and its paper; agenda published."""
    committee = Committee.objects.create(name="Primary Care Commissioning Committee")
    for member in (story.single_gp, story.lay, story.nurse, story.vice):
        CommitteeMembership.objects.create(
            committee=committee, member=member, start_date=datetime.date(2020, 1, 1)
        )
    actor = story.secretary.user
    meeting = meeting_create(
        actor=actor,
        committee=committee,
        starts_at=timezone.now() + datetime.timedelta(days=days_ahead),
    )
    item = item_save(
        actor=actor,
        meeting=meeting,
        title="Community services contract variation",
        purpose="decision",
        part="II",
        affected_organisations=[story.trust],
    )
    paper = paper_upload(actor=actor, item=item, title="Variation paper", upload=pdf())
    meeting_publish_agenda(actor=actor, meeting=meeting)
    return meeting, item, paper


def _declare_at(meeting: Meeting, story: Story) -> MeetingDeclaration:
    return meeting_declaration_record(
        actor=story.secretary.user,
        meeting=meeting,
        member=story.single_gp,
        description="Her husband has just joined the trust's board",
        category="indirect",
        indirect_type="financial",
        nature="director",
        organisation=story.trust,
    )


def _download(client: Client, paper: Any) -> int:
    return client.get(reverse("paper_download", args=[paper.pk])).status_code


def test_a_declaration_made_at_one_meeting_withholds_the_papers_of_a_later_meeting(
    client: Client, story: Story
) -> None:
    first = _past_meeting(story, days_ago=7)
    declaration = _declare_at(first, story)
    draft = declaration.interest
    assert draft is not None and draft.is_draft

    # A week later, another committee: an item about the same organisation.
    second, item, paper = _other_committee_meeting(story, days_ahead=1)
    verdict = meeting_assessment(second).verdict(story.single_gp.pk, item.pk)
    assert verdict.conflicted and not verdict.receives_papers
    login(client, story.single_gp)
    assert _download(client, paper) == 403

    # She completes the entry: now the entry counts, and the papers stay withheld.
    interest_submit(
        interest=draft,
        member=story.single_gp,
        actor=story.single_gp.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
    )
    draft.refresh_from_db()
    assert draft.status == Interest.Status.SUBMITTED
    assert meeting_assessment(second).verdict(story.single_gp.pk, item.pk).conflicted
    assert _download(client, paper) == 403


def test_declaring_withdraws_the_papers_of_meetings_already_arranged(
    client: Client, story: Story
) -> None:
    second, _item, paper = _other_committee_meeting(story, days_ahead=7)
    login(client, story.single_gp)
    assert _download(client, paper) == 200
    first = _past_meeting(story, days_ago=1)
    _declare_at(first, story)  # the later meeting's permissions change in the same transaction
    assert _download(client, paper) == 403


def test_a_meeting_before_the_declaration_is_not_changed_by_it(story: Story) -> None:
    earlier = _past_meeting(story, days_ago=30)
    item = item_save(
        actor=story.secretary.user,
        meeting=earlier,
        title="Trust performance",
        purpose="discussion",
        part="I",
        affected_organisations=[story.trust],
    )
    later = _past_meeting(story, days_ago=7)
    _declare_at(later, story)
    assert not meeting_assessment(earlier).verdict(story.single_gp.pk, item.pk).conflicted


def test_the_guardian_records_a_declaration_made_in_error_and_the_papers_return(
    client: Client, story: Story
) -> None:
    first = _past_meeting(story, days_ago=7)
    declaration = _declare_at(first, story)
    second, item, paper = _other_committee_meeting(story, days_ahead=1)
    member_client = Client()
    login(member_client, story.single_gp)
    assert _download(member_client, paper) == 403

    guardian = story.lay
    login(client, guardian)
    page = client.get(reverse("meeting_declarations_pending"))
    assert page.status_code == 200
    assert "Her husband has just joined the trust" in page.content.decode()
    url = reverse("meeting_declaration_in_error", args=[declaration.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "Give the reason" in refused.content.decode()
    response = client.post(url, {"reason": "Minuted against the wrong GP"})
    assert response.status_code == 302

    declaration.refresh_from_db()
    assert declaration.in_error_by == guardian.user
    assert declaration.in_error_reason == "Minuted against the wrong GP"
    assert not meeting_assessment(second).verdict(story.single_gp.pk, item.pk).conflicted
    assert _download(member_client, paper) == 200
    event = AuditEvent.objects.get(action="meeting.declaration_in_error")
    assert event.actor == guardian.user and event.object_id == str(declaration.pk)
    # The reason is on the declaration, not copied into the trail.
    assert "wrong GP" not in str(event.detail) and event.object_repr == ""
    # Gone from the Guardian's list, shown among the rulings instead.
    rulings = client.get(reverse("meeting_declarations_pending")).content.decode()
    assert "Minuted against the wrong GP" in rulings


def test_only_the_guardian_rules_and_never_on_her_own_declaration(story: Story) -> None:
    first = _past_meeting(story, days_ago=7)
    declaration = _declare_at(first, story)
    with pytest.raises(PermissionDenied):
        meeting_declaration_in_error(
            actor=story.secretary.user, declaration=declaration, reason="Not so"
        )
    own = meeting_declaration_record(
        actor=story.secretary.user,
        meeting=first,
        member=story.lay,
        description="Trustee of a hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation_name="Northfield Hospice",
    )
    with pytest.raises(PermissionDenied):
        meeting_declaration_in_error(actor=story.lay.user, declaration=own, reason="Not so")
    meeting_declaration_in_error(actor=story.lay.user, declaration=declaration, reason="Wrong GP")
    with pytest.raises(ValidationError):
        meeting_declaration_in_error(actor=story.lay.user, declaration=declaration, reason="Again")


def test_members_and_the_secretary_cannot_open_the_guardians_pages(
    client: Client, story: Story
) -> None:
    declaration = _declare_at(_past_meeting(story, days_ago=7), story)
    for person in (story.single_gp, story.secretary):
        login(client, person)
        assert client.get(reverse("meeting_declarations_pending")).status_code == 403
        url = reverse("meeting_declaration_in_error", args=[declaration.pk])
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert MeetingDeclaration.objects.get(pk=declaration.pk).in_error_at is None


def test_the_guardians_dashboard_lists_declarations_awaiting_their_entries(
    client: Client, story: Story
) -> None:
    _declare_at(_past_meeting(story, days_ago=40), story)
    login(client, story.lay)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 declaration made at meetings is not yet on the register" in page
    assert "1 is over 28 days old" in page


def test_facts_stay_a_fixed_number_of_queries_with_declarations_at_many_meetings(
    story: Story, django_assert_max_num_queries: Any
) -> None:
    later = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=30),
    )
    _declare_at(_past_meeting(story, days_ago=3), story)
    with django_assert_max_num_queries(16) as few:
        meeting_facts(later)
    for n in range(6):
        person = MemberFactory()
        CommitteeMembership.objects.create(committee=story.committee, member=person)
        meeting = _past_meeting(story, days_ago=10 + n)
        from meetings.models import Attendance

        Attendance.objects.get_or_create(meeting=meeting, member=person)
        meeting_declaration_record(
            actor=story.secretary.user,
            meeting=meeting,
            member=person,
            description=f"Interest {n}",
            category="financial",
            nature="director",
            organisation=OrganisationFactory(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        facts = meeting_facts(later)
    assert len([i for i in facts.interests if i.person_id != story.single_gp.pk]) >= 6
