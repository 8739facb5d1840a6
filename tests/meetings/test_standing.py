"""Members told where they stand, before the meeting: in their pack, on the agenda and on
their dashboard, each flagged item names their own interest and what the chair is
expected to do; each withheld item names the interest that withheld it and whom to ask."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from meetings.services.agenda import item_save
from meetings.services.conduct import conflict_decision_record
from meetings.services.meetings import meeting_publish_agenda
from meetings.services.papers import paper_upload
from tests.conftest import login
from tests.meetings.conftest import Story, pdf

FLAGGED = (
    "You have an interest in this item: you are a partner in Hillview Medical Centre, which "
    "this item affects. The chair is expected to ask you to leave the room for it."
)


def body(response: Any) -> str:
    return response.content.decode()


def _practice_item(story: Story) -> Any:
    """A Part I decision about the federation GP's own practice (policy: flag)."""
    from interests.models import Organisation

    item = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Hillview premises improvement grant",
        purpose="decision",
        part="I",
        affected_organisations=[Organisation.objects.get(name="Hillview Medical Centre")],
    )
    paper_upload(actor=story.secretary.user, item=item, title="Grant application", upload=pdf())
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    story.meeting.refresh_from_db()
    return item


def test_the_pack_flags_a_part_one_item_with_the_members_interest(
    client: Client, story: Story
) -> None:
    item = _practice_item(story)
    login(client, story.fed_gp)
    pack = body(client.get(reverse("meeting_pack", args=[story.meeting.pk])))
    card = pack.split(f'id="item-{item.pk}"', 1)[1].split("</section>", 1)[0]
    assert FLAGGED in card
    assert "Grant application" in card  # flagged, not withheld: the paper is still theirs
    # The finance report concerns nobody: no flag on it.
    finance = pack.split(f'id="item-{story.open_item.pk}"', 1)[1].split("</section>", 1)[0]
    assert "You have an interest" not in finance


def test_the_agenda_flags_it_too(client: Client, story: Story) -> None:
    item = _practice_item(story)
    login(client, story.fed_gp)
    agenda = body(client.get(reverse("meeting_detail", args=[story.meeting.pk])))
    card = agenda.split(f'id="item-{item.pk}"', 1)[1].split('<div class="nhsuk-card"', 1)[0]
    assert FLAGGED in card
    # Nobody else's interest is shown to a member.
    login(client, story.single_gp)
    other = body(client.get(reverse("meeting_detail", args=[story.meeting.pk])))
    assert "You have an interest in this item" not in other
    assert "Hillview Medical Centre" not in other


def test_once_the_chair_decides_the_member_reads_the_decision(client: Client, story: Story) -> None:
    item = _practice_item(story)
    conflict_decision_record(
        actor=story.secretary.user,
        item=item,
        member=story.fed_gp,
        action=4,
        reason="His knowledge of the building is needed in the discussion",
    )
    login(client, story.fed_gp)
    pack = body(client.get(reverse("meeting_pack", args=[story.meeting.pk])))
    assert (
        "The chair has decided that you may take part in the discussion but not in the decision."
        in pack
    )


def test_a_withheld_item_names_the_members_own_interest_and_whom_to_contact(
    client: Client, story_published: Story, settings: Any
) -> None:
    settings.GOVERNANCE_CONTACT_EMAIL = "board.secretary@northfield-ccg.example"
    story = story_published
    login(client, story.fed_gp)
    pack = body(client.get(reverse("meeting_pack", args=[story.meeting.pk])))
    card = pack.split(f'id="item-{story.award_item.pk}"', 1)[1].split("</section>", 1)[0]
    assert "Withheld because of your declared interest: you are a partner in Hillview" in card
    assert "contact the governance team at board.secretary@northfield-ccg.example" in card
    # It says nothing of what the item is about: its title is confidential.
    assert "Lot 2" not in card and "Federation" not in card and "out-of-hours" not in card


def test_the_dashboard_lists_where_the_member_stands_before_the_meeting(
    client: Client, story: Story
) -> None:
    item = _practice_item(story)
    story.award_item.refresh_from_db()  # renumbered: Part I items come first
    login(client, story.fed_gp)
    page = body(client.get(reverse("dashboard")))
    title = story.meeting.display_title
    assert f"{title}: you have an interest in Item {item.number}: Hillview premises" in page
    assert FLAGGED in page
    assert "check the register entry this rests on is right" in page
    assert f"{title}: Item {story.award_item.number} is withheld from you" in page
    assert "Award of the out-of-hours contract" not in page
    pack = reverse("meeting_pack", args=[story.meeting.pk])
    assert f'href="{pack}#item-{item.pk}"' in page
    # Someone with no interest in any item is told only to read their papers.
    login(client, story.nurse)
    nurse = body(client.get(reverse("dashboard")))
    assert "Read your papers for" in nurse
    assert "you have an interest in" not in nurse
