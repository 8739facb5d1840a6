"""The meeting itself: declarations, the chair's decisions with times, minutes and stages."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.models import Interest, Member, Organisation
from meetings.models import ConflictDecision, ItemMinutes, Meeting, MeetingDeclaration
from meetings.services.agenda import item_save
from meetings.services.meetings import meeting_publish_agenda
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import MemberFactory, OrganisationFactory
from tests.meetings.conftest import Story, start_meeting
from tests.meetings.factories import CommitteeFactory, MembershipFactory

AWARD_TITLE = "Award of the out-of-hours contract"
CONFIRM = {"confirm": "on"}


@pytest.fixture
def other_member(db: Any) -> Member:
    membership = MembershipFactory(
        committee=CommitteeFactory(name="Audit Committee"),
        member=MemberFactory(user__username="o.member", user__roles=[Role.MEMBER]),
    )
    return cast(Member, membership.member)


def body(response: Any) -> str:
    return response.content.decode()


def conduct_url(story: Story) -> str:
    return reverse("meeting_conduct", args=[story.meeting.pk])


def decision_url(story: Story, member: Member) -> str:
    return reverse("conflict_decision", args=[story.meeting.pk, story.award_item.pk, member.pk])


def decision_data(story: Story, member: Member, **fields: Any) -> dict[str, Any]:
    prefix = f"decision-{story.award_item.pk}-{member.pk}"
    values = {"action": "2", "reason": "", "left_at": "", "returned_at": ""}
    values.update(fields)
    return {f"{prefix}-{name}": value for name, value in values.items()}


def declaration_data(member: Member, **fields: Any) -> dict[str, Any]:
    values = {
        "member": str(member.pk),
        "item": "",
        "organisation": "",
        "organisation_name": "",
        "category": "financial",
        "indirect_type": "",
        "nature": "shareholder",
        "description": "Holds shares in Northfield Urgent Care Ltd",
    }
    values.update(fields)
    return {f"declare-{name}": value for name, value in values.items()}


# --- Who may record the meeting -------------------------------------------


def test_recording_the_meeting_is_for_the_chair_vice_chair_and_secretary(
    client: Client, story_published: Story, guardian: Member, other_member: Member, outsider: Any
) -> None:
    story = story_published
    url = conduct_url(story)
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (story.secretary, story.chair, story.vice):
        login(client, person)
        assert client.get(url).status_code == 200
    for person in (story.fed_gp, story.single_gp, guardian):
        login(client, person)
        assert client.get(url).status_code == 403
    for person in (other_member, outsider):
        login(client, person)
        assert client.get(url).status_code == 404


def test_every_recording_action_refuses_members_and_strangers(
    client: Client, story_published: Story, other_member: Member
) -> None:
    story = story_published
    meeting = story.meeting.pk
    posts = [
        (reverse("meeting_declaration", args=[meeting]), declaration_data(story.fed_gp)),
        (decision_url(story, story.fed_gp), decision_data(story, story.fed_gp)),
        (
            reverse("item_minutes", args=[meeting, story.open_item.pk]),
            {f"minutes-{story.open_item.pk}-text": "Noted."},
        ),
        (reverse("meeting_mark_held", args=[meeting]), {}),
        (reverse("meeting_approve_minutes", args=[meeting]), {}),
    ]
    for person, status in ((story.single_gp, 403), (story.fed_gp, 403), (other_member, 404)):
        login(client, person)
        for url, data in posts:
            assert client.post(url, data).status_code == status, url
    client.logout()
    for url, data in posts:
        assert client.post(url, data)["Location"].startswith(reverse("login"))
    assert not MeetingDeclaration.objects.exists()
    assert not ConflictDecision.objects.exists()
    assert ItemMinutes.objects.get(item=story.open_item).text == ""


def test_the_conflicted_chair_does_not_see_the_award_item_when_recording(
    client: Client, story: Story
) -> None:
    login(client, story.chair)
    page = body(client.get(conduct_url(story)))
    assert "Item 3" in page
    assert AWARD_TITLE not in page
    assert "Dr B. Okafor —financial" not in page
    # Nor may they decide on it, or write its minutes, by the URL.
    assert client.get(decision_url(story, story.fed_gp)).status_code == 403
    minutes_url = reverse("item_minutes", args=[story.meeting.pk, story.award_item.pk])
    assert client.post(minutes_url, {f"minutes-{story.award_item.pk}-text": "x"}).status_code == 403
    assert AuditEvent.objects.filter(
        action="minutes.access_denied", actor=story.chair.user
    ).exists()


def test_the_vice_chair_sees_each_conflict_with_the_suggestion_selected(
    client: Client, story: Story
) -> None:
    login(client, story.vice)
    page = body(client.get(conduct_url(story)))
    assert AWARD_TITLE in page
    assert "the vice-chair, Mr R. Kaye, should chair it" in page
    assert "Hillview Medical Centre" in page
    assert (
        "Does not receive the papers or minutes for the item, and leaves the room (suggested)"
        in page
    )
    prefix = f"decision-{story.award_item.pk}-{story.fed_gp.pk}"
    assert (
        f'id="id_{prefix}-action_1" name="{prefix}-action" type="radio" value="2" checked' in page
    )


# --- The chair's decisions ------------------------------------------------


def test_the_chair_records_a_decision_with_times(client: Client, story: Story) -> None:
    login(client, story.vice)
    response = client.post(
        decision_url(story, story.fed_gp),
        decision_data(story, story.fed_gp, left_at="14:30", returned_at="15:05"),
    )
    assert response.status_code == 302
    decision = ConflictDecision.objects.get(item=story.award_item, member=story.fed_gp)
    assert decision.action == 2
    assert (decision.left_at, decision.returned_at) == (
        datetime.time(14, 30),
        datetime.time(15, 5),
    )
    assert "Hillview Medical Centre" in decision.chain
    assert decision.decided_by == story.vice.user
    page = body(client.get(conduct_url(story)))
    assert "Left 14:30, returned 15:05" in page


def test_the_chair_records_a_decision_on_an_item_they_are_clear_on(
    client: Client, story: Story
) -> None:
    hillview = Organisation.objects.get(name="Hillview Medical Centre")
    item = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Hillview premises lease",
        purpose="decision",
        part="I",
        affected_organisations=[hillview],
    )
    login(client, story.chair)
    prefix = f"decision-{item.pk}-{story.fed_gp.pk}"
    response = client.post(
        reverse("conflict_decision", args=[story.meeting.pk, item.pk, story.fed_gp.pk]),
        {
            f"{prefix}-action": "3",
            f"{prefix}-left_at": "10:15",
            f"{prefix}-returned_at": "10:40",
        },
    )
    assert response.status_code == 302
    decision = ConflictDecision.objects.get(item=item, member=story.fed_gp)
    assert (decision.action, decision.decided_by) == (3, story.chair.user)
    assert (decision.left_at, decision.returned_at) == (
        datetime.time(10, 15),
        datetime.time(10, 40),
    )


def test_a_different_decision_needs_a_reason(client: Client, story: Story) -> None:
    login(client, story.vice)
    url = decision_url(story, story.fed_gp)
    response = client.post(url, decision_data(story, story.fed_gp, action="4"))
    assert response.status_code == 200
    page = body(response)
    assert "There is a problem" in page
    assert "Give the reason for a decision that differs from the suggested action" in page
    assert not ConflictDecision.objects.exists()

    client.post(
        url,
        decision_data(
            story, story.fed_gp, action="4", reason="Clinical advice is needed in the discussion"
        ),
    )
    decision = ConflictDecision.objects.get(member=story.fed_gp)
    assert (decision.action, decision.suggested_action) == (4, 2)


@pytest.mark.parametrize(
    ("times", "message"),
    [
        (
            {"left_at": "15:05", "returned_at": "14:30"},
            "The time they returned must be after the time they left",
        ),
        ({"left_at": "3pm"}, "Enter the time they left as hours and minutes, for example 14:30"),
        ({"returned_at": "24:10"}, "Enter the time they returned as hours and minutes"),
        ({"action": ""}, "Choose how the conflict is managed"),
    ],
)
def test_bad_decisions_are_explained_and_nothing_is_saved(
    client: Client, story: Story, times: dict[str, str], message: str
) -> None:
    login(client, story.secretary)
    response = client.post(
        decision_url(story, story.fed_gp), decision_data(story, story.fed_gp, **times)
    )
    assert response.status_code == 200
    assert message in body(response)
    assert not ConflictDecision.objects.exists()


def test_no_decision_for_someone_who_is_not_conflicted(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        decision_url(story, story.single_gp), decision_data(story, story.single_gp)
    )
    assert response.status_code == 404
    assert not ConflictDecision.objects.exists()


# --- Declarations at the meeting ------------------------------------------


def test_a_declaration_not_on_the_register_creates_a_draft_entry(
    client: Client, story: Story
) -> None:
    login(client, story.vice)
    response = client.post(
        reverse("meeting_declaration", args=[story.meeting.pk]),
        declaration_data(
            story.nurse,
            organisation_name="Northfield Urgent Care Ltd",
            item=str(story.open_item.pk),
        ),
        follow=True,
    )
    page = body(response)
    assert "a draft register entry has been created for Mrs Susan Wright to complete" in page
    declaration = MeetingDeclaration.objects.get(member=story.nurse)
    assert declaration.item == story.open_item
    entry = declaration.interest
    assert entry is not None
    assert (entry.status, entry.source) == (Interest.Status.DRAFT, Interest.Source.MEETING)
    assert entry.organisation_name == "Northfield Urgent Care Ltd"
    assert entry.declarant == story.nurse
    assert "Draft register entry created" in page


def test_a_declaration_already_on_the_register_points_at_the_entry(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    client.post(
        reverse("meeting_declaration", args=[story.meeting.pk]),
        declaration_data(
            story.single_gp,
            organisation=str(story.moorside.pk),
            nature="owner",
            description="Owner of Moorside Surgery",
        ),
    )
    declaration = MeetingDeclaration.objects.get(member=story.single_gp)
    assert declaration.interest is not None
    assert declaration.interest.status != Interest.Status.DRAFT
    assert not Interest.objects.filter(source=Interest.Source.MEETING).exists()


def test_a_typed_name_matching_an_organisation_is_linked(client: Client, story: Story) -> None:
    OrganisationFactory(name="Northfield Hospice")
    login(client, story.secretary)
    client.post(
        reverse("meeting_declaration", args=[story.meeting.pk]),
        declaration_data(story.nurse, organisation_name="northfield hospice", nature="trustee"),
    )
    declaration = MeetingDeclaration.objects.get(member=story.nurse)
    assert declaration.organisation is not None
    assert declaration.organisation.name == "Northfield Hospice"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"organisation_name": ""}, "Choose the organisation from the list, or type its name"),
        ({"description": ""}, "Describe what was declared"),
        ({"category": "indirect"}, "Choose what kind of interest the other person has"),
        ({"nature": ""}, "Choose the role or relationship"),
    ],
)
def test_bad_declarations_are_explained_and_nothing_is_saved(
    client: Client, story: Story, fields: dict[str, str], message: str
) -> None:
    login(client, story.secretary)
    data = {"organisation_name": "Northfield Urgent Care Ltd", **fields}
    response = client.post(
        reverse("meeting_declaration", args=[story.meeting.pk]),
        declaration_data(story.nurse, **data),
    )
    assert response.status_code == 200
    assert message in body(response).replace("&#x27;", "'")
    assert not MeetingDeclaration.objects.exists()
    assert not Interest.objects.filter(source=Interest.Source.MEETING).exists()


def test_only_people_on_the_attendance_list_can_declare(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("meeting_declaration", args=[story.meeting.pk]),
        declaration_data(story.reserve_gp, organisation_name="Southfield GP Federation"),
    )
    assert response.status_code == 200
    assert "There is a problem" in body(response)
    assert not MeetingDeclaration.objects.exists()


# --- Minutes --------------------------------------------------------------


def test_minutes_are_written_per_item(client: Client, story: Story) -> None:
    login(client, story.vice)
    text = "Bids were scored by evaluators from Southfield CCG."
    response = post_edit(
        client,
        reverse("item_minutes", args=[story.meeting.pk, story.award_item.pk]),
        {f"minutes-{story.award_item.pk}-text": text},
        prefix=f"minutes-{story.award_item.pk}",
    )
    assert response.status_code == 302
    assert ItemMinutes.objects.get(item=story.award_item).text == text
    assert text in body(client.get(conduct_url(story)))


# --- Stages ---------------------------------------------------------------


def test_stage_moves_refuse_out_of_order_steps(client: Client, story: Story) -> None:
    start_meeting(story)
    login(client, story.vice)
    held = client.post(reverse("meeting_mark_held", args=[story.meeting.pk]))
    assert held.status_code == 400
    assert "The meeting is draft; it cannot move to that stage now." in body(held)
    approved = client.post(reverse("meeting_approve_minutes", args=[story.meeting.pk]), CONFIRM)
    assert approved.status_code == 400
    assert "The meeting has not been marked as held." in body(approved)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.DRAFT

    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    approved = client.post(reverse("meeting_approve_minutes", args=[story.meeting.pk]), CONFIRM)
    assert "The meeting has not been marked as held." in body(approved)

    client.post(reverse("meeting_mark_held", args=[story.meeting.pk]))
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.HELD
    accept_url = reverse("suggestions_accept", args=[story.meeting.pk, story.award_item.pk])
    client.post(accept_url)
    client.post(reverse("meeting_approve_minutes", args=[story.meeting.pk]), CONFIRM)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.MINUTES_APPROVED


def test_approved_minutes_can_no_longer_change(client: Client, story_held: Story) -> None:
    story = story_held
    meeting = story.meeting
    login(client, story.vice)
    client.post(reverse("suggestions_accept", args=[meeting.pk, story.award_item.pk]))
    login(client, story.secretary)
    client.post(reverse("meeting_approve_minutes", args=[meeting.pk]), CONFIRM)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    response = client.post(
        reverse("item_minutes", args=[meeting.pk, story.open_item.pk]),
        {f"minutes-{story.open_item.pk}-text": "A late change"},
    )
    assert "The minutes of this meeting are approved and can no longer change." in body(response)
    assert ItemMinutes.objects.get(item=story.open_item).text == ""
