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


def test_each_conflicted_item_links_to_the_entry_it_rests_on_and_its_correction(
    client: Client, story: Story
) -> None:
    from interests.models import Interest

    item = _practice_item(story)
    entry = Interest.objects.get(
        declarant=story.fed_gp, organisation__name="Hillview Medical Centre"
    )
    login(client, story.fed_gp)
    page = body(client.get(reverse("dashboard")))
    card = page.split(f"you have an interest in Item {item.number}", 1)[1].split("</li>\n", 1)[0]
    detail = reverse("interest_detail", args=[entry.pk])
    correct = reverse("interest_edit", args=[entry.pk])
    assert f'href="{detail}"' in card
    assert "Your register entry: Partner, Hillview Medical Centre" in card
    assert f'href="{correct}"' in card
    assert "Correct this entry" in card
    # The correction link leads to the existing correction flow for a submitted entry.
    correction = client.get(correct)
    assert correction.status_code == 200
    assert "interests/declarations/interest_correct.html" in [t.name for t in correction.templates]


def test_the_member_confirms_their_entries_and_the_secretary_sees_it(
    client: Client, story: Story
) -> None:
    from django.utils import timezone
    from django.utils.formats import date_format

    from core.models import AuditEvent
    from meetings.models import Attendance

    _practice_item(story)
    confirm = reverse("meeting_entries_confirm", args=[story.meeting.pk])
    login(client, story.fed_gp)
    page = body(client.get(reverse("dashboard")))
    assert f'action="{confirm}"' in page
    assert "Confirm my entries are correct" in page
    assert client.get(confirm).status_code == 405
    response = client.post(confirm)
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=story.meeting, member=story.fed_gp)
    assert attendance.entries_confirmed_at is not None
    event = AuditEvent.objects.get(action="meeting.entries_confirmed")
    assert event.actor == story.fed_gp.user
    today = date_format(timezone.localdate(), "j F Y")
    page = body(client.get(reverse("dashboard")))
    assert f"You confirmed your register entries are correct on {today}." in page
    assert "Confirm my entries again" in page
    # The secretary reads it on the meeting's attendance list; a member does not.
    login(client, story.secretary)
    agenda = body(client.get(reverse("meeting_detail", args=[story.meeting.pk])))
    attendance_section = agenda.split('id="attendance"', 1)[1]
    row = attendance_section.split(story.fed_gp.full_name, 1)[1].split("</tr>", 1)[0]
    assert f"Confirmed entries on {today}" in row
    assert "Not confirmed" in attendance_section
    login(client, story.nurse)
    assert "Confirmed entries on" not in body(
        client.get(reverse("meeting_detail", args=[story.meeting.pk]))
    )


def test_only_invitees_confirm_and_only_before_the_meeting(client: Client, story: Story) -> None:
    import datetime

    from django.utils import timezone

    from core.models import AuditEvent
    from meetings.models import Attendance

    _practice_item(story)
    confirm = reverse("meeting_entries_confirm", args=[story.meeting.pk])
    login(client, story.secretary)  # sees the meeting, is not on its attendance list
    assert client.post(confirm).status_code in (403, 404)
    Attendance.objects.filter(meeting=story.meeting).update(entries_confirmed_at=None)
    story.meeting.starts_at = timezone.now() - datetime.timedelta(hours=1)
    story.meeting.save(update_fields=["starts_at"])
    login(client, story.fed_gp)
    response = client.post(confirm, follow=True)
    assert "The meeting has started" in body(response)
    assert not Attendance.objects.filter(entries_confirmed_at__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="meeting.entries_confirmed").exists()
