"""Declarations made at the meeting are in the minutes, in the part their item requires,
with the chair's decision and the times out and back; corrections after approval are
dated errata, never edits."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from meetings.models import ItemMinutes, MinutesErratum
from meetings.services.agenda import item_save
from meetings.services.conduct import (
    conflict_decision_record,
    item_minutes_save,
    meeting_declaration_record,
    meeting_declaration_settle,
)
from tests.conftest import login
from tests.meetings.conftest import Story, approve_story

ESTATES = "Hillview premises lease"


def body(response: Any) -> str:
    return response.content.decode()


def declarations_section(page: str) -> str:
    return page.split(">Declarations of interest</h2>", 1)[1].split("<h2>Items</h2>", 1)[0]


def _declare_on_every_part(story: Story) -> Any:
    """At the meeting: the single-handed GP declares a Part I interest, the nurse one about
    no item, and the lay member one on the Part II award."""
    actor = story.secretary.user
    estates = item_save(
        actor=actor,
        meeting=story.meeting,
        title=ESTATES,
        purpose="decision",
        part="I",
        affected_organisations=[story.moorside],
    )
    meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.single_gp,
        description="Owner of Moorside Surgery, the landlord of the premises",
        category="financial",
        nature="owner",
        organisation=story.moorside,
        item=estates,
    )
    general = meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.nurse,
        description="Trustee of Northfield Hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation_name="Northfield Hospice",
    )
    meeting_declaration_settle(
        actor=actor, declaration=general, reason="No item on this agenda concerns the hospice"
    )
    meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.lay,
        description="Her son works in the Trust's bid team",
        category="indirect",
        indirect_type="financial",
        nature="employee",
        organisation=story.trust,
        item=story.award_item,
    )
    conflict_decision_record(
        actor=actor,
        item=estates,
        member=story.single_gp,
        action=3,
        left_at=datetime.time(14, 10),
        returned_at=datetime.time(14, 25),
    )
    conflict_decision_record(
        actor=actor,
        item=story.award_item,
        member=story.lay,
        action=2,
        left_at=datetime.time(15, 2),
        returned_at=datetime.time(15, 40),
    )
    return estates


def test_declarations_are_in_the_public_minutes_with_the_decision_and_times(
    client: Client, story_published: Story
) -> None:
    story = story_published
    _declare_on_every_part(story)
    approve_story(story)
    page = body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    section = declarations_section(page)
    assert "No interests were declared" not in page
    assert "No conflicts of interest were recorded" not in page
    # The Part I declaration: the chain in words, the decision, and the times out and back.
    assert "Dr E. Clarke is the owner of Moorside Surgery, which item 3 affects." in section
    assert "Declared at the meeting" in section
    assert "Leaves the room for the discussion and the decision" in section
    assert "14:10" in section and "14:25" in section
    # The one about no item, with the chair's reason.
    assert "Declared at the meeting: Trustee of Northfield Hospice." in section
    assert "No action needed" in section
    assert "No item on this agenda concerns the hospice" in section
    # The Part II one: who, that they left and when, nothing of what it is about.
    assert "Mrs Margaret Holt" in section
    assert "An interest in a confidential matter" in section
    assert "15:02" in section and "15:40" in section
    assert "bid team" not in page
    assert "Northfield Community Trust" not in page
    # Plain words, never the arrow notation.
    assert "—" not in section and "→" not in section


def test_a_declaration_at_the_meeting_reaches_the_public_minutes_in_words(
    client: Client, story_published: Story
) -> None:
    """The whole path with the services a meeting has always had: declared, decided, held,
    approved; the Part I minutes then carry the declaration, in words, not in arrows."""
    from meetings.services.meetings import meeting_approve_minutes, meeting_mark_held
    from tests.meetings.conftest import start_meeting

    story = story_published
    actor = story.secretary.user
    estates = item_save(
        actor=actor,
        meeting=story.meeting,
        title=ESTATES,
        purpose="decision",
        part="I",
        affected_organisations=[story.moorside],
    )
    meeting_declaration_record(
        actor=actor,
        meeting=story.meeting,
        member=story.single_gp,
        description="Owner of Moorside Surgery, the landlord of the premises",
        category="financial",
        nature="owner",
        organisation=story.moorside,
        item=estates,
    )
    conflict_decision_record(
        actor=actor,
        item=estates,
        member=story.single_gp,
        action=3,
        left_at=datetime.time(14, 10),
        returned_at=datetime.time(14, 25),
    )
    for member in (story.chair, story.fed_gp):
        conflict_decision_record(actor=actor, item=story.award_item, member=member, action=2)
    start_meeting(story)
    meeting = meeting_mark_held(actor=actor, meeting=story.meeting)
    meeting_approve_minutes(actor=actor, meeting=meeting)
    section = declarations_section(
        body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    )
    assert "Declared at the meeting: Owner of Moorside Surgery, the landlord of the premises." in (
        section
    )
    assert (
        f"Dr E. Clarke is the owner of Moorside Surgery, which item {estates.number} affects."
        in (section)
    )
    assert "—" not in section and "→" not in section


def test_part_two_declarations_are_in_the_part_two_minutes(
    client: Client, story_published: Story
) -> None:
    story = story_published
    _declare_on_every_part(story)
    approve_story(story)
    login(client, story.single_gp)
    part_two = declarations_section(
        body(client.get(reverse("minutes_part_two", args=[story.meeting.pk])))
    )
    assert "Declared at the meeting: Her son works in the Trust&#x27;s bid team." in part_two
    assert "Does not receive the papers or minutes for the item" in part_two
    assert "15:02" in part_two
    assert "Moorside" not in part_two and "Hospice" not in part_two  # Part I belongs elsewhere
    # Excluded from the award, the federation GP never reads its declarations.
    login(client, story.fed_gp)
    copy = body(client.get(reverse("minutes_mine", args=[story.meeting.pk])))
    assert "bid team" not in copy
    assert "Trustee of Northfield Hospice" in copy


def test_draft_minutes_say_what_is_still_undecided(client: Client, story_published: Story) -> None:
    story = story_published
    meeting_declaration_record(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.nurse,
        description="Trustee of Northfield Hospice",
        category="non_financial_personal",
        nature="trustee",
        organisation_name="Northfield Hospice",
    )
    login(client, story.single_gp)
    copy = declarations_section(body(client.get(reverse("minutes_mine", args=[story.meeting.pk]))))
    assert "Trustee of Northfield Hospice" in copy
    assert "No decision recorded yet" in copy


# --- Corrections after approval -------------------------------------------


def test_a_correction_after_approval_is_a_dated_audited_erratum(
    client: Client, story: Story
) -> None:
    item_minutes_save(actor=story.secretary.user, item=story.open_item, text="Noted.")
    approve_story(story)
    login(client, story.secretary)
    url = reverse("erratum_new", args=[story.meeting.pk])
    refused = client.post(url, {"item": "", "text": " "})
    assert "Enter the correction" in body(refused)
    response = client.post(
        url,
        {"item": str(story.open_item.pk), "text": "The underspend was GBP 0.5m, not 0.4m."},
        follow=True,
    )
    assert "The correction has been added" in body(response)
    erratum = MinutesErratum.objects.get(meeting=story.meeting)
    assert (erratum.item, erratum.recorded_by) == (story.open_item, story.secretary.user)
    event = AuditEvent.objects.get(action="minutes.erratum_recorded")
    assert "0.5m" not in str(event.detail)  # the text stays out of the audit trail

    public = body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    assert "Corrections after approval" in public
    assert erratum.recorded_at.strftime("%-d %B %Y") in public
    assert "The underspend was GBP 0.5m, not 0.4m." in public
    assert "Noted." in public  # the approved text is unchanged
    # Never an edit.
    edit = client.post(
        reverse("item_minutes", args=[story.meeting.pk, story.open_item.pk]),
        {f"minutes-{story.open_item.pk}-text": "Changed"},
    )
    assert "approved and can no longer change" in body(edit)
    assert ItemMinutes.objects.get(item=story.open_item).text == "Noted."


def test_a_part_two_correction_stays_in_part_two(client: Client, story: Story) -> None:
    approve_story(story)
    login(client, story.vice)
    client.post(
        reverse("erratum_new", args=[story.meeting.pk]),
        {"item": str(story.award_item.pk), "text": "The trust's score was 81, not 78."},
    )
    assert MinutesErratum.objects.filter(item=story.award_item).exists()
    public = body(client.get(reverse("public_minutes", args=[story.meeting.pk])))
    assert "score was 81" not in public
    login(client, story.single_gp)
    assert "score was 81" in body(client.get(reverse("minutes_part_two", args=[story.meeting.pk])))
    login(client, story.fed_gp)
    assert "score was 81" not in body(
        client.get(reverse("minutes_part_two", args=[story.meeting.pk]))
    )


def test_corrections_wait_for_approval_and_for_a_recorder(client: Client, story: Story) -> None:
    url = reverse("erratum_new", args=[story.meeting.pk])
    login(client, story.secretary)
    assert client.get(url).status_code == 302  # not approved yet: edit the minutes instead
    approve_story(story)
    login(client, story.fed_gp)
    assert client.post(url, {"text": "x"}).status_code == 403
    login(client, story.chair)
    # The chair is excluded from the award: it is not among the items they can correct.
    page = body(client.get(url))
    assert "Award of the out-of-hours contract" not in page
    response = client.post(url, {"item": str(story.award_item.pk), "text": "x"})
    assert response.status_code == 200
    assert not MinutesErratum.objects.exists()
