"""Agenda packs, paper downloads and minutes: each reader gets only what they may receive."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.models import Member
from meetings.selectors.documents import WITHHELD_NOTICE
from meetings.services.conduct import conflict_decision_record, item_minutes_save
from meetings.services.meetings import meeting_mark_held, meeting_publish_agenda
from meetings.services.papers import paper_withdraw
from tests.conftest import login
from tests.interests.factories import MemberFactory
from tests.meetings.conftest import PDF_BYTES, Story, approve_story, start_meeting
from tests.meetings.factories import CommitteeFactory, MembershipFactory

AWARD_TITLE = "Award of the out-of-hours contract"
OPEN_MINUTES = "The committee noted the month 9 finance position and the forecast underspend."
AWARD_MINUTES = (
    "Bids were scored by evaluators from Southfield CCG; the contract goes to the Trust."
)


@pytest.fixture
def other_member(db: Any) -> Member:
    """Sits on another committee: must not learn this meeting exists."""
    membership = MembershipFactory(
        committee=CommitteeFactory(name="Audit Committee"),
        member=MemberFactory(user__username="o.member", user__roles=[Role.MEMBER]),
    )
    return cast(Member, membership.member)


def write_minutes(story: Story) -> None:
    actor = story.secretary.user
    item_minutes_save(actor=actor, item=story.open_item, text=OPEN_MINUTES)
    item_minutes_save(actor=actor, item=story.award_item, text=AWARD_MINUTES)
    for member in (story.chair, story.fed_gp):
        conflict_decision_record(
            actor=actor,
            item=story.award_item,
            member=member,
            action=2,
            left_at=datetime.time(14, 30),
            returned_at=datetime.time(15, 5),
        )


def approve(story: Story) -> None:
    approve_story(story)


def body(response: Any) -> str:
    return response.content.decode()


# --- Agenda packs ---------------------------------------------------------


def test_federation_gp_pack_withholds_the_confidential_award_item(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.fed_gp)
    response = client.get(reverse("meeting_pack", args=[story.meeting.pk]))
    assert response.status_code == 200
    page = body(response)
    # The member is told which of their own interests withheld it, and whom to ask.
    assert (
        "Withheld because of your declared interest: you are a partner in Hillview Medical "
        "Centre. The chair is expected to ask you to leave the room for it; you do not receive "
        "its papers or minutes. If you think this is wrong, contact the governance team at "
        "governance@northfield-ccg.example before the meeting."
    ) in page
    assert "Lot 2" not in page and "Federation" not in page  # nothing of what the item is about
    assert AWARD_TITLE not in page
    assert "Evaluation report" not in page
    assert reverse("paper_download", args=[story.award_paper.pk]) not in page
    # The Part I paper is still theirs.
    assert reverse("paper_download", args=[story.open_paper.pk]) in page
    assert AuditEvent.objects.filter(
        action="meeting.pack_viewed", actor=story.fed_gp.user, object_id=str(story.meeting.pk)
    ).exists()


def test_single_handed_gp_pack_lists_the_evaluation_report(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.single_gp)
    page = body(client.get(reverse("meeting_pack", args=[story.meeting.pk])))
    assert AWARD_TITLE in page
    assert "Evaluation report" in page
    assert reverse("paper_download", args=[story.award_paper.pk]) in page
    assert WITHHELD_NOTICE not in page


def test_pack_refuses_people_outside_the_meeting(
    client: Client, story: Story, other_member: Member, outsider: Any
) -> None:
    url = reverse("meeting_pack", args=[story.meeting.pk])
    assert client.get(url).status_code == 302
    assert client.get(url)["Location"].startswith(reverse("login"))
    login(client, other_member)
    assert client.get(url).status_code == 404
    login(client, outsider)
    assert client.get(url).status_code == 404


# --- Paper downloads ------------------------------------------------------


def test_entitled_member_downloads_the_paper_and_it_is_logged(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.single_gp)
    response = client.get(reverse("paper_download", args=[story.award_paper.pk]))
    assert response.status_code == 200
    assert b"".join(cast(Any, response).streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="paper.downloaded",
        actor=story.single_gp.user,
        object_id=str(story.award_paper.pk),
    ).exists()


def test_conflicted_member_cannot_fetch_the_withheld_paper_by_its_url(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.fed_gp)
    response = client.get(reverse("paper_download", args=[story.award_paper.pk]))
    assert response.status_code == 403
    assert PDF_BYTES not in response.content
    assert AuditEvent.objects.filter(
        action="paper.access_denied",
        actor=story.fed_gp.user,
        object_id=str(story.award_paper.pk),
    ).exists()
    assert not AuditEvent.objects.filter(action="paper.downloaded").exists()


def test_the_conflicted_chair_cannot_fetch_it_either(client: Client, story: Story) -> None:
    login(client, story.chair)
    assert client.get(reverse("paper_download", args=[story.award_paper.pk])).status_code == 403


def test_paper_download_refuses_outsiders_and_other_committees(
    client: Client, story: Story, other_member: Member, outsider: Any
) -> None:
    url = reverse("paper_download", args=[story.open_paper.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (other_member, outsider):
        login(client, person)
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="paper.access_denied", actor=other_member.user).exists()


def test_withdrawn_paper_is_gone_even_for_the_secretary(client: Client, story: Story) -> None:
    paper_withdraw(actor=story.secretary.user, paper=story.open_paper)
    for person in (story.secretary, story.single_gp):
        login(client, person)
        assert client.get(reverse("paper_download", args=[story.open_paper.pk])).status_code == 404
    login(client, story.single_gp)
    pack = body(client.get(reverse("meeting_pack", args=[story.meeting.pk])))
    assert reverse("paper_download", args=[story.open_paper.pk]) not in pack


# --- Part I minutes (public) ----------------------------------------------


def test_public_minutes_never_contain_the_part_two_item(client: Client, story: Story) -> None:
    write_minutes(story)
    approve(story)
    response = client.get(reverse("public_minutes", args=[story.meeting.pk]))  # no login
    assert response.status_code == 200
    page = body(response)
    assert OPEN_MINUTES in page
    assert "Confidential item (Part II)" in page
    assert AWARD_TITLE not in page
    assert AWARD_MINUTES not in page
    assert "Evaluation report" not in page
    # The declarations section: who, the item (as confidential), the decision, the times.
    assert "Dr Ben Okafor" in page
    assert "Dr Anita Patel" in page
    assert "14:30" in page and "15:05" in page
    assert "Does not receive the papers or minutes for the item" in page
    # Attendance.
    assert "Dr Emma Clarke" in page
    index = body(client.get(reverse("public_minutes_index")))
    assert reverse("public_minutes", args=[story.meeting.pk]) in index


def test_public_minutes_show_apologies_and_part_one_declarations(
    client: Client, story: Story
) -> None:
    from meetings.services.agenda import attendee_add, attendee_apologies, item_save

    actor = story.secretary.user
    nurse = story.meeting.attendances.get(member=story.nurse)
    attendee_apologies(actor=actor, attendance=nurse, apologies=True)
    # Without the nurse, the award needs the reserve GP to stay quorate.
    attendee_add(actor=actor, meeting=story.meeting, member=story.reserve_gp, kind="co_opted")
    contract = item_save(
        actor=actor,
        meeting=story.meeting,
        title="Federation estates update",
        purpose="discussion",
        part="I",
        affected_organisations=[story.federation],
    )
    conflict_decision_record(
        actor=actor,
        item=contract,
        member=story.fed_gp,
        action=3,
        left_at=datetime.time(14, 10),
        returned_at=datetime.time(14, 20),
    )
    approve(story)
    page = body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    assert "Federation estates update" in page
    assert "Hillview Medical Centre" in page  # the chain for a Part I item is public
    assert "14:10" in page
    apologies = page.split("<h2>Apologies</h2>", 1)[1].split("<h2>", 1)[0]
    assert "Mrs Susan Wright" in apologies


def test_public_minutes_are_404_until_approved(client: Client, story: Story) -> None:
    url = reverse("public_minutes", args=[story.meeting.pk])
    assert client.get(url).status_code == 404
    actor = story.secretary.user
    start_meeting(story)
    meeting = meeting_publish_agenda(actor=actor, meeting=story.meeting)
    meeting_mark_held(actor=actor, meeting=meeting)
    assert client.get(url).status_code == 404
    assert reverse("public_minutes", args=[story.meeting.pk]) not in body(
        client.get(reverse("public_minutes_index"))
    )
    assert client.get(reverse("public_minutes", args=[999999])).status_code == 404


def test_part_two_minutes_are_not_public(client: Client, story: Story) -> None:
    write_minutes(story)
    approve(story)
    for name in ("minutes_part_two", "minutes_mine"):
        response = client.get(reverse(name, args=[story.meeting.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- Part II minutes and each member's copy -------------------------------


def test_part_two_minutes_show_the_award_to_the_single_handed_gp_only(
    client: Client, story: Story
) -> None:
    write_minutes(story)
    approve(story)
    url = reverse("minutes_part_two", args=[story.meeting.pk])

    login(client, story.single_gp)
    page = body(client.get(url))
    assert AWARD_MINUTES in page
    assert AWARD_TITLE in page
    assert OPEN_MINUTES not in page  # Part II only

    login(client, story.fed_gp)
    response = client.get(url)
    assert response.status_code == 200
    page = body(response)
    assert AWARD_MINUTES not in page
    assert AWARD_TITLE not in page
    assert "Item 3 withheld" in page
    assert "Riverside Surgery" not in page  # nor the chair's declaration on that item

    assert AuditEvent.objects.filter(
        action="minutes.part2_viewed", actor=story.fed_gp.user
    ).exists()
    assert AuditEvent.objects.filter(
        action="minutes.part2_viewed", actor=story.single_gp.user
    ).exists()


def test_members_copy_leaves_out_items_they_were_excluded_from(
    client: Client, story_published: Story
) -> None:
    story = story_published
    write_minutes(story)
    url = reverse("minutes_mine", args=[story.meeting.pk])

    login(client, story.fed_gp)
    page = body(client.get(url))
    assert OPEN_MINUTES in page
    assert AWARD_MINUTES not in page
    assert AWARD_TITLE not in page
    assert "Draft" in page  # not yet approved

    login(client, story.single_gp)
    page = body(client.get(url))
    assert OPEN_MINUTES in page
    assert AWARD_MINUTES in page
    assert AuditEvent.objects.filter(action="minutes.copy_viewed", actor=story.fed_gp.user).exists()


def test_restricted_minutes_refuse_people_outside_the_meeting(
    client: Client, story: Story, other_member: Member, outsider: Any
) -> None:
    write_minutes(story)
    for name in ("minutes_part_two", "minutes_mine"):
        url = reverse(name, args=[story.meeting.pk])
        for person in (other_member, outsider):
            login(client, person)
            response = client.get(url)
            assert response.status_code == 404
            assert AWARD_MINUTES not in body(response)


def test_secretary_guardian_and_auditor_read_everything(
    client: Client, story: Story, guardian: Member, auditor: Member
) -> None:
    write_minutes(story)
    for person in (story.secretary, guardian, auditor):
        login(client, person)
        assert AWARD_MINUTES in body(
            client.get(reverse("minutes_part_two", args=[story.meeting.pk]))
        )
