"""The secretary's meeting screens: meetings, agendas, papers, attendance, quorum and the matrix."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.roles import Role
from interests.models import Member, Organisation
from meetings.models import AgendaItem, Attendance, Committee, Meeting, Paper
from meetings.services.agenda import attendee_apologies, item_save
from meetings.services.meetings import meeting_create, meeting_mark_held, meeting_publish_agenda
from meetings.services.papers import paper_upload
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import InterestFactory, MemberFactory
from tests.meetings.conftest import Story, pdf, start_meeting
from tests.meetings.factories import CommitteeFactory, MembershipFactory

AWARD_TITLE = "Award of the out-of-hours contract"


@pytest.fixture
def other_member(db: Any) -> Member:
    membership = MembershipFactory(
        committee=CommitteeFactory(name="Audit Committee"),
        member=MemberFactory(user__username="o.member", user__roles=[Role.MEMBER]),
    )
    return cast(Member, membership.member)


def body(response: Any) -> str:
    return response.content.decode()


def detail(story: Story) -> str:
    return reverse("meeting_detail", args=[story.meeting.pk])


def item_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Out-of-hours service specification",
        "presenter": "Director of Commissioning",
        "purpose": "decision",
        "part": "I",
        "lot": "",
    }
    data.update(overrides)
    return data


def send_apologies(story: Story, member: Member) -> None:
    attendance = story.meeting.attendances.get(member=member)
    attendee_apologies(actor=story.secretary.user, attendance=attendance, apologies=True)


# --- The list of meetings -------------------------------------------------


def test_meeting_list_shows_upcoming_then_past_meetings_with_their_status(
    client: Client, story_published: Story
) -> None:
    story = story_published
    past = meeting_create(
        actor=story.secretary.user,
        committee=story.committee,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        title="January governing body",
    )
    meeting_publish_agenda(actor=story.secretary.user, meeting=past)
    login(client, story.single_gp)
    page = body(client.get(reverse("meeting_list")))
    upcoming_link = reverse("meeting_detail", args=[story.meeting.pk])
    past_link = reverse("meeting_detail", args=[past.pk])
    assert upcoming_link in page and past_link in page
    assert page.index("Upcoming meetings") < page.index(upcoming_link) < page.index("Past meetings")
    assert page.index("Past meetings") < page.index(past_link)
    assert "nhsuk-tag" in page and "Agenda published" in page
    assert reverse("meeting_create") not in page


def test_meeting_list_hides_meetings_of_other_committees(
    client: Client, story: Story, other_member: Member, outsider: Any
) -> None:
    for person in (other_member, outsider):
        login(client, person)
        response = client.get(reverse("meeting_list"))
        assert response.status_code == 200
        assert detail(story) not in body(response)
    client.logout()
    assert client.get(reverse("meeting_list"))["Location"].startswith(reverse("login"))


def test_secretary_sees_create_a_meeting(client: Client, story: Story) -> None:
    login(client, story.secretary)
    assert "Create a meeting" in body(client.get(reverse("meeting_list")))


# --- Creating a meeting ---------------------------------------------------


def meeting_form(for_committee: Committee, **overrides: str) -> dict[str, Any]:
    data = {
        "committee": str(for_committee.pk),
        "date_day": "14",
        "date_month": "5",
        "date_year": "2031",
        "time": "14:30",
        "location": "Board room, Northfield House",
        "title": "",
    }
    data.update(overrides)
    return data


def test_secretary_creates_a_meeting(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(reverse("meeting_create"), meeting_form(story.committee))
    meeting = Meeting.objects.get(starts_at__year=2031)
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2031, 5, 14), 14, 30)
    assert meeting.location == "Board room, Northfield House"
    assert meeting.attendances.filter(member=story.single_gp).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"time": "25:00"},
            "Enter the start time as hours and minutes on the 24-hour clock, for example 14:30",
        ),
        (
            {"time": "half two"},
            "Enter the start time as hours and minutes on the 24-hour clock, for example 14:30",
        ),
        ({"time": ""}, "Enter the time the meeting starts"),
        ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the date of the meeting"),
        ({"date_day": "31", "date_month": "2"}, "Date of the meeting must be a real date"),
        ({"committee": ""}, "Choose the committee that is meeting"),
    ],
)
def test_create_meeting_bad_input_is_explained_and_nothing_is_created(
    client: Client, story: Story, overrides: dict[str, str], message: str
) -> None:
    login(client, story.secretary)
    before = Meeting.objects.count()
    response = client.post(reverse("meeting_create"), meeting_form(story.committee, **overrides))
    assert response.status_code == 200
    page = body(response)
    assert "There is a problem" in page
    assert message in page
    assert Meeting.objects.count() == before


def test_only_the_secretary_creates_meetings(client: Client, story: Story) -> None:
    url = reverse("meeting_create")
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (story.chair, story.single_gp):
        login(client, person)
        assert client.get(url).status_code == 403
        assert client.post(url, meeting_form(story.committee)).status_code == 403
    assert not Meeting.objects.filter(starts_at__year=2031).exists()


# --- The meeting page -----------------------------------------------------


def test_meeting_page_refuses_people_outside_the_committee(
    client: Client, story: Story, other_member: Member, outsider: Any
) -> None:
    assert client.get(detail(story))["Location"].startswith(reverse("login"))
    for person in (other_member, outsider):
        login(client, person)
        assert client.get(detail(story)).status_code == 404


def test_a_conflicted_member_sees_the_agenda_without_the_confidential_title(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.fed_gp)
    page = body(client.get(detail(story)))
    assert "Item 2: Finance report" in page
    assert "Item 3" in page
    assert "Withheld because of your declared interest: you are a partner in Hillview" in page
    assert AWARD_TITLE not in page
    assert reverse("meeting_pack", args=[story.meeting.pk]) in page
    # Never anyone else's verdicts.
    assert "Riverside" not in page
    assert reverse("recusal_matrix", args=[story.meeting.pk]) not in page


def test_a_clear_member_sees_the_award_item_but_no_verdicts(
    client: Client, story_published: Story
) -> None:
    story = story_published
    login(client, story.single_gp)
    page = body(client.get(detail(story)))
    assert AWARD_TITLE in page
    assert "Evaluation report" in page
    assert "should not chair it" not in page
    assert "Conflicted" not in page
    assert reverse("item_add", args=[story.meeting.pk]) not in page


def test_secretary_sees_the_chair_handover(client: Client, story: Story) -> None:
    login(client, story.secretary)
    page = body(client.get(detail(story)))
    assert "Dr A. Patel is conflicted on this item and should not chair it" in page
    assert "the vice-chair, Mr R. Kaye, should chair it" in page


# --- Building the agenda --------------------------------------------------


def test_secretary_adds_an_item_with_affected_organisations(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("item_add", args=[story.meeting.pk]),
        item_data(affected_organisations=[story.federation.pk, story.trust.pk]),
    )
    item = AgendaItem.objects.get(meeting=story.meeting, title="Out-of-hours service specification")
    assert response.status_code == 302
    assert item.position == 3  # a Part I item: before the Part II award, now item 4
    story.award_item.refresh_from_db()
    assert story.award_item.position == 4
    assert set(item.affected_organisations.all()) == {story.federation, story.trust}
    assert AuditEvent.objects.filter(action="agenda.item_added", object_id=str(item.pk)).exists()
    page = body(client.get(detail(story)))
    assert "Northfield GP Federation" in page and "Northfield Community Trust" in page
    matrix = body(client.get(reverse("recusal_matrix", args=[story.meeting.pk])))
    assert "Dr B. Okafor is conflicted on Item 3" in matrix
    assert "Dr E. Clarke is conflicted on Item 3" not in matrix


def test_secretary_changes_an_item(client: Client, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("item_edit", args=[story.meeting.pk, story.open_item.pk])
    assert "Finance report" in body(client.get(url))
    response = post_edit(
        client, url, item_data(title="Finance report, month 9", purpose="information")
    )
    assert response.status_code == 302
    story.open_item.refresh_from_db()
    assert story.open_item.title == "Finance report, month 9"
    assert story.open_item.position == 2


def test_item_form_errors_are_shown_and_nothing_is_saved(client: Client, story: Story) -> None:
    login(client, story.secretary)
    before = AgendaItem.objects.count()
    response = client.post(
        reverse("item_add", args=[story.meeting.pk]), item_data(title="", purpose="")
    )
    page = body(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the item&#x27;s title" in page
    assert "Choose the item&#x27;s purpose" in page
    assert AgendaItem.objects.count() == before


def test_the_picker_adds_a_typed_organisation_without_javascript(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    url = reverse("item_add", args=[story.meeting.pk])
    before = AgendaItem.objects.count()
    response = client.post(
        url,
        item_data(
            title="Typed so far",
            organisation_name="northfield gp federation",
            affected_organisations=[story.trust.pk],
            add_organisation="1",
        ),
    )
    page = body(response)
    assert response.status_code == 200
    assert AgendaItem.objects.count() == before
    assert f'name="affected_organisations" value="{story.federation.pk}"' in page
    assert f'name="affected_organisations" value="{story.trust.pk}"' in page
    assert f'name="remove_organisation" value="{story.federation.pk}"' in page
    assert 'value="Typed so far"' in page
    assert "There is a problem" not in page


def test_the_picker_offers_choices_then_adds_and_removes(client: Client, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("item_add", args=[story.meeting.pk])
    page = body(client.post(url, item_data(organisation_name="northfield", add_organisation="1")))
    assert "More than one organisation matches" in page
    assert f'name="add_organisation_id" value="{story.federation.pk}"' in page
    assert f'name="add_organisation_id" value="{story.trust.pk}"' in page
    assert 'name="affected_organisations"' not in page
    page = body(client.post(url, item_data(add_organisation_id=str(story.federation.pk))))
    assert f'name="affected_organisations" value="{story.federation.pk}"' in page
    page = body(
        client.post(
            url,
            item_data(
                affected_organisations=[story.federation.pk, story.trust.pk],
                remove_organisation=str(story.federation.pk),
            ),
        )
    )
    assert f'name="affected_organisations" value="{story.trust.pk}"' in page
    assert f'name="affected_organisations" value="{story.federation.pk}"' not in page
    page = body(
        client.post(url, item_data(organisation_name="Nowhere at all", add_organisation="1"))
    )
    assert "No organisation matches" in page


def test_a_name_left_in_the_search_box_is_saved_or_refused(client: Client, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("item_add", args=[story.meeting.pk])
    before = AgendaItem.objects.count()
    page = body(client.post(url, item_data(organisation_name="Northfield", save="1")))
    assert "Select Add organisation to choose among" in page
    assert AgendaItem.objects.count() == before
    client.post(
        url,
        item_data(
            title="Federation contract",
            organisation_name="Northfield GP Federation",
            affected_organisations=[story.trust.pk],
            save="1",
        ),
    )
    item = AgendaItem.objects.get(title="Federation contract")
    assert set(item.affected_organisations.all()) == {story.federation, story.trust}


def test_the_item_form_scales_to_the_national_practice_list(client: Client, story: Story) -> None:
    login(client, story.secretary)
    url = reverse("item_edit", args=[story.meeting.pk, story.open_item.pk])
    story.open_item.affected_organisations.set([story.federation])
    with CaptureQueriesContext(connection) as few:
        small = client.get(url)
    assert small.status_code == 200
    Organisation.objects.bulk_create(
        Organisation(name=f"Practice {n:05d}", ods_code=f"Z{n:05d}", kind="gp_practice")
        for n in range(14_500)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    page = body(response)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert "Practice 00007" not in page
    assert "Northfield GP Federation" in page  # the chosen one is listed
    assert len(page) < len(body(small)) + 2_000
    picked = body(client.post(url, item_data(organisation_name="Z01234", add_organisation="1")))
    assert "Practice 01234 (Z01234)" in picked
    assert picked.count('name="add_organisation_id"') == 0
    choices = body(
        client.post(url, item_data(organisation_name="Practice 0", add_organisation="1"))
    )
    assert 0 < choices.count('name="add_organisation_id"') <= 20


def test_items_move_up_and_down_within_their_part(client: Client, story: Story) -> None:
    login(client, story.secretary)
    client.post(
        reverse("item_move", args=[story.meeting.pk, story.open_item.pk]), {"direction": "up"}
    )
    story.open_item.refresh_from_db()
    assert story.open_item.position == 1
    # The Part II item cannot move above Part I items.
    client.post(
        reverse("item_move", args=[story.meeting.pk, story.award_item.pk]), {"direction": "up"}
    )
    story.award_item.refresh_from_db()
    assert story.award_item.position == 3
    bad = client.post(
        reverse("item_move", args=[story.meeting.pk, story.open_item.pk]), {"direction": "x"}
    )
    assert bad.status_code == 400


def test_a_part_one_item_added_late_is_numbered_before_the_part_two_items(
    client: Client, story: Story
) -> None:
    late = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Estates update",
        purpose="information",
        part="I",
    )
    story.award_item.refresh_from_db()
    assert (late.position, story.award_item.position) == (3, 4)
    login(client, story.secretary)
    page = body(client.get(detail(story)))
    # The numbers follow the order shown: Part I, then Part II.
    shown = re.findall(r'<h4 class="nhsuk-card__heading">Item (\d+)', page)
    assert shown == ["1", "2", "3", "4"]
    assert "Put Part I items first" not in page

    # Moved to Part II, it goes to the end of Part II, renumbered.
    item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Estates update",
        purpose="information",
        part="II",
        item=late,
    )
    late.refresh_from_db()
    story.award_item.refresh_from_db()
    assert (story.award_item.position, late.position) == (3, 4)


def test_an_agenda_out_of_order_can_be_put_right(client: Client, story: Story) -> None:
    """Agendas from before items were placed in their part still get the button."""
    late = item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title="Estates update",
        purpose="information",
        part="I",
    )
    AgendaItem.objects.filter(pk=late.pk).update(position=99)
    AgendaItem.objects.filter(pk=story.award_item.pk).update(position=4)
    AgendaItem.objects.filter(pk=late.pk).update(position=5)
    login(client, story.secretary)
    assert "Put Part I items first" in body(client.get(detail(story)))
    client.post(reverse("agenda_reorder", args=[story.meeting.pk]), {"order": "parts"})
    late.refresh_from_db()
    story.award_item.refresh_from_db()
    assert (late.position, story.award_item.position) == (3, 4)


# --- Papers ---------------------------------------------------------------


def test_secretary_uploads_a_paper(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("paper_upload", args=[story.meeting.pk, story.open_item.pk]),
        {"title": "Month 9 finance report", "file": pdf("month9.pdf")},
    )
    assert response.status_code == 302
    paper = Paper.objects.get(title="Month 9 finance report")
    assert paper.item == story.open_item
    assert paper.content_type == "application/pdf"
    assert "Month 9 finance report" in body(client.get(detail(story)))


def test_a_text_file_named_pdf_is_refused_and_nothing_is_saved(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    before = Paper.objects.count()
    papers_dir = Path(settings.MEDIA_ROOT) / "papers"
    files_before = sorted(papers_dir.rglob("*")) if papers_dir.exists() else []
    fake = SimpleUploadedFile(
        "evaluation.pdf", b"Just some text pretending to be a PDF", content_type="application/pdf"
    )
    response = client.post(
        reverse("paper_upload", args=[story.meeting.pk, story.award_item.pk]),
        {"title": "Evaluation scores", "file": fake},
    )
    page = body(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    message = (
        "The selected file must be a PDF (.pdf), a Word document (.docx), "
        "an Excel spreadsheet (.xlsx) or an OpenDocument text (.odt)"
    )
    assert message in page
    # Next to the field, not only in the summary.
    assert 'id="id_file-error"' in page
    assert Paper.objects.count() == before
    files_after = sorted(papers_dir.rglob("*")) if papers_dir.exists() else []
    assert files_after == files_before


def test_a_paper_needs_a_file_and_a_title(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("paper_upload", args=[story.meeting.pk, story.open_item.pk]), {"title": ""}
    )
    page = body(response)
    assert "Choose the file to upload" in page
    assert "Enter the title of the paper" in page


def test_secretary_withdraws_a_paper(client: Client, story: Story) -> None:
    login(client, story.secretary)
    client.post(reverse("paper_withdraw", args=[story.open_paper.pk]))
    story.open_paper.refresh_from_db()
    assert story.open_paper.withdrawn_at is not None
    assert "Withdrawn" in body(client.get(detail(story)))


# --- Who may change the agenda --------------------------------------------


def test_only_the_secretary_changes_the_agenda(
    client: Client, story_published: Story, other_member: Member
) -> None:
    story = story_published
    meeting = story.meeting.pk
    item = story.open_item.pk
    attendance = story.meeting.attendances.get(member=story.nurse).pk
    posts = [
        (reverse("item_add", args=[meeting]), item_data()),
        (reverse("item_edit", args=[meeting, item]), item_data()),
        (reverse("item_move", args=[meeting, item]), {"direction": "down"}),
        (reverse("paper_upload", args=[meeting, item]), {"title": "X", "file": pdf()}),
        (
            reverse("attendee_add", args=[meeting]),
            {"member": story.reserve_gp.pk, "kind": "member"},
        ),
        (reverse("attendee_apologies", args=[meeting, attendance]), {"apologies": "yes"}),
        (reverse("attendee_remove", args=[meeting, attendance]), {}),
        (reverse("item_remedy", args=[meeting, item]), {"remedy": "defer", "remedy_note": "x"}),
        (reverse("item_co_opt", args=[meeting, item]), {"person": story.reserve_gp.pk}),
        (reverse("agenda_reorder", args=[meeting]), {"order": "parts"}),
        (reverse("meeting_publish", args=[meeting]), {}),
    ]
    for person, status in ((story.chair, 403), (story.single_gp, 403), (other_member, 404)):
        login(client, person)
        for url, data in posts:
            assert client.post(url, data).status_code == status, url
    login(client, story.chair)
    assert client.post(reverse("paper_withdraw", args=[story.open_paper.pk])).status_code == 403
    client.logout()
    for url, data in posts:
        assert client.post(url, data)["Location"].startswith(reverse("login"))
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert story.meeting.items.count() == 3
    assert not Attendance.objects.filter(member=story.reserve_gp).exists()
    assert not story.meeting.attendances.get(member=story.nurse).apologies


# --- Attendance -----------------------------------------------------------


def test_secretary_manages_attendance(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.post(
        reverse("attendee_add", args=[story.meeting.pk]),
        {"member": story.reserve_gp.pk, "kind": "in_attendance"},
    )
    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=story.meeting, member=story.reserve_gp)
    assert (attendance.kind, attendance.is_voting) == ("in_attendance", False)

    # Someone already on the list cannot be added twice.
    again = client.post(
        reverse("attendee_add", args=[story.meeting.pk]),
        {"member": story.reserve_gp.pk, "kind": "member"},
    )
    assert again.status_code == 200
    assert "There is a problem" in body(again)
    assert Attendance.objects.filter(meeting=story.meeting, member=story.reserve_gp).count() == 1

    nurse = story.meeting.attendances.get(member=story.nurse)
    client.post(
        reverse("attendee_apologies", args=[story.meeting.pk, nurse.pk]), {"apologies": "yes"}
    )
    nurse.refresh_from_db()
    assert nurse.apologies
    client.post(
        reverse("attendee_apologies", args=[story.meeting.pk, nurse.pk]), {"apologies": "no"}
    )
    nurse.refresh_from_db()
    assert not nurse.apologies

    client.post(reverse("attendee_remove", args=[story.meeting.pk, attendance.pk]))
    assert not Attendance.objects.filter(pk=attendance.pk).exists()


def test_attendees_cannot_be_removed_once_the_meeting_is_held(client: Client, story: Story) -> None:
    actor = story.secretary.user
    start_meeting(story)
    meeting = meeting_publish_agenda(actor=actor, meeting=story.meeting)
    meeting_mark_held(actor=actor, meeting=meeting)
    nurse = story.meeting.attendances.get(member=story.nurse)
    login(client, story.secretary)
    response = client.post(
        reverse("attendee_remove", args=[story.meeting.pk, nurse.pk]), follow=True
    )
    assert "The meeting has been held: record apologies instead." in body(response)
    assert Attendance.objects.filter(pk=nurse.pk).exists()


# --- Quorum, remedies, publishing -----------------------------------------


def test_inquorate_item_blocks_publishing_until_the_named_reserve_is_co_opted(
    client: Client, story: Story
) -> None:
    send_apologies(story, story.single_gp)
    login(client, story.secretary)
    page = body(client.get(detail(story)))
    assert f"Item 3: {AWARD_TITLE} would be inquorate" in page
    assert "needs 1 GP; 0 non-conflicted GPs present" in page
    assert "Co-opt Dr N. North (GP, Southfield CCG) from the reserve list" in page
    assert "Defer the item to a later meeting" in page

    refused = client.post(reverse("meeting_publish", args=[story.meeting.pk]))
    assert refused.status_code == 400
    assert "Item 3 would be inquorate after recusals" in body(refused)
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.DRAFT

    client.post(
        reverse("item_co_opt", args=[story.meeting.pk, story.award_item.pk]),
        {"person": [story.reserve_gp.pk]},
    )
    co_opted = Attendance.objects.get(meeting=story.meeting, member=story.reserve_gp)
    assert (co_opted.kind, co_opted.is_voting) == ("co_opted", True)
    assert f"{AWARD_TITLE} would be inquorate" not in body(client.get(detail(story)))

    client.post(reverse("meeting_publish", args=[story.meeting.pk]))
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_co_opting_someone_the_engine_did_not_name_is_refused(client: Client, story: Story) -> None:
    send_apologies(story, story.single_gp)
    stranger = cast(Member, MemberFactory())
    login(client, story.secretary)
    response = client.post(
        reverse("item_co_opt", args=[story.meeting.pk, story.award_item.pk]),
        {"person": [stranger.pk]},
        follow=True,
    )
    assert "The people suggested for co-option have changed" in body(response)
    assert not Attendance.objects.filter(member=stranger).exists()


def test_recording_a_remedy_unblocks_publishing(client: Client, story: Story) -> None:
    send_apologies(story, story.single_gp)
    login(client, story.secretary)
    url = reverse("item_remedy", args=[story.meeting.pk, story.award_item.pk])

    missing_note = post_edit(client, url, {"remedy": "defer", "remedy_note": ""})
    assert "Record what was agreed, and who agreed it" in body(missing_note)
    assert 'id="id_remedy_note-error"' in body(missing_note)
    no_committee = post_edit(client, url, {"remedy": "refer", "remedy_note": "Agreed by the chair"})
    assert "Choose the committee the item is referred to" in body(no_committee)
    story.award_item.refresh_from_db()
    assert story.award_item.remedy == ""

    post_edit(
        client,
        url,
        {"remedy": "defer", "remedy_note": "Agreed by the chair and the Guardian, 3 March"},
    )
    story.award_item.refresh_from_db()
    assert story.award_item.remedy == "defer"
    assert "Remedy recorded:" in body(client.get(detail(story)))
    client.post(reverse("meeting_publish", args=[story.meeting.pk]))
    story.meeting.refresh_from_db()
    assert story.meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_proposed_order_sends_people_out_fewer_times(client: Client, story: Story) -> None:
    actor = story.secretary.user
    meeting = meeting_create(
        actor=actor,
        committee=story.committee,
        starts_at=timezone.now() + datetime.timedelta(days=40),
    )
    first = item_save(
        actor=actor,
        meeting=meeting,
        title="Federation estates",
        purpose="discussion",
        part="I",
        affected_organisations=[story.federation],
    )
    clear = item_save(
        actor=actor, meeting=meeting, title="Risk register", purpose="information", part="I"
    )
    second = item_save(
        actor=actor,
        meeting=meeting,
        title="Federation workforce",
        purpose="discussion",
        part="I",
        affected_organisations=[story.federation],
    )
    login(client, story.secretary)
    page = body(client.get(reverse("meeting_detail", args=[meeting.pk])))
    assert "People leave the room 4 times in this order and 2 times in the proposed order" in page
    assert "Apply proposed order" in page

    client.post(reverse("agenda_reorder", args=[meeting.pk]), {"order": "proposed"})
    positions = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "position"))
    assert positions[clear.pk] < positions[first.pk] and positions[clear.pk] < positions[second.pk]
    assert abs(positions[first.pk] - positions[second.pk]) == 1
    assert "Apply proposed order" not in body(
        client.get(reverse("meeting_detail", args=[meeting.pk]))
    )


# --- The recusal matrix ---------------------------------------------------


def test_secretary_sees_the_matrix_with_the_chains(client: Client, story: Story) -> None:
    login(client, story.secretary)
    response = client.get(reverse("recusal_matrix", args=[story.meeting.pk]))
    assert response.status_code == 200
    page = body(response)
    assert (
        "Dr B. Okafor —financial (partner)→ Hillview Medical Centre —member of→ "
        "Northfield GP Federation —bidder on→ Lot 2 Out-of-hours —decided by→ item 3"
    ) in page
    assert "<details>" in page and "<summary>Why" in page
    assert 'tabindex="0"' in page and 'role="region"' in page
    assert 'aria-labelledby="matrix-caption"' in page and '<caption id="matrix-caption"' in page
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "Quorum after recusals" in page
    assert "Suggested: No papers; leaves the room" in page
    assert page.count(" is conflicted on Item ") == 2
    assert AuditEvent.objects.filter(action="meeting.matrix_viewed").exists()


def test_matrix_rows_are_attendees_then_other_committee_members(
    client: Client, story: Story
) -> None:
    absent = cast(
        Member,
        MembershipFactory(
            committee=story.committee, member=MemberFactory(last_name="Zeller")
        ).member,
    )
    login(client, story.secretary)
    page = body(client.get(reverse("recusal_matrix", args=[story.meeting.pk])))
    assert page.index("Mrs S. Wright") < page.index(absent.short_name)
    assert "Committee member, not attending" in page


def test_matrix_access(
    client: Client,
    story_published: Story,
    guardian: Member,
    auditor: Member,
    other_member: Member,
    outsider: Any,
) -> None:
    story = story_published
    url = reverse("recusal_matrix", args=[story.meeting.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person in (story.secretary, guardian, auditor, story.vice):
        login(client, person)
        assert client.get(url).status_code == 200
    for person in (story.fed_gp, story.single_gp, story.nurse):
        login(client, person)
        assert client.get(url).status_code == 403
    for person in (other_member, outsider):
        login(client, person)
        assert client.get(url).status_code == 404


def test_the_conflicted_chair_sees_the_matrix_without_the_confidential_title(
    client: Client, story: Story
) -> None:
    login(client, story.chair)
    page = body(client.get(reverse("recusal_matrix", args=[story.meeting.pk])))
    assert "Conflicted" in page
    assert AWARD_TITLE not in page


def test_matrix_stays_usable_at_40_items_and_25_people(
    client: Client, story: Story, django_assert_max_num_queries: Any
) -> None:
    actor = story.secretary.user
    committee = Committee.objects.create(name="Primary Care Commissioning Committee")
    people = [story.fed_gp, story.single_gp] + [MemberFactory() for _ in range(23)]
    for person in people:
        MembershipFactory(committee=committee, member=person)
    for person in people[2:12]:
        InterestFactory(declarant=person, organisation=story.riverside)
    meeting = meeting_create(
        actor=actor, committee=committee, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Contract decision {n}",
            purpose="decision",
            part="I" if n < 30 else "II",
        )
        for n in range(2, 41)
    )
    for item in AgendaItem.objects.filter(meeting=meeting, position__gte=2):
        item.affected_organisations.add(story.federation if item.position % 2 else story.trust)
    login(client, story.secretary)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("recusal_matrix", args=[meeting.pk]))
    page = body(response)
    assert response.status_code == 200
    assert page.count('<td class="nhsuk-table__cell" data-label="Item ') >= 40 * 25
    assert "Contract decision 40" in page
    assert 'class="recuse-table-scroll" tabindex="0"' in page


@pytest.mark.parametrize("person", ["secretary", "single_gp"])
def test_meeting_page_and_pack_queries_do_not_grow_with_the_agenda(
    client: Client, story_published: Story, person: str
) -> None:
    story = story_published
    login(client, getattr(story, person))
    urls = [detail(story), reverse("meeting_pack", args=[story.meeting.pk])]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    for n in range(8):
        item = item_save(
            actor=story.secretary.user,
            meeting=story.meeting,
            title=f"Contract {n}",
            purpose="decision",
            part="II",
            affected_organisations=[story.federation],
        )
        paper_upload(actor=story.secretary.user, item=item, title=f"Paper {n}", upload=pdf())
    assert queries() == before


def test_members_see_a_meeting_and_its_papers_only_once_the_agenda_is_published(
    client: Client, story: Story
) -> None:
    login(client, story.single_gp)
    assert client.get(detail(story)).status_code == 404
    assert client.get(reverse("paper_download", args=[story.open_paper.pk])).status_code == 404
    login(client, story.vice)  # the vice-chair helps prepare the agenda
    assert client.get(detail(story)).status_code == 200
    meeting_publish_agenda(actor=story.secretary.user, meeting=story.meeting)
    login(client, story.single_gp)
    assert client.get(detail(story)).status_code == 200
    assert client.get(reverse("paper_download", args=[story.open_paper.pk])).status_code == 200


def test_the_status_line_names_each_stage_once(client: Client, story_published: Story) -> None:
    story = story_published
    login(client, story.secretary)
    page = body(client.get(detail(story)))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Agenda published Agenda published" not in text
    published = story.meeting.agenda_published_at
    assert published is not None
    assert f"Key dates Agenda published {published.day} {published:%B %Y}." in text


def test_publishing_says_what_happens_and_that_nothing_is_emailed(
    client: Client, story: Story
) -> None:
    login(client, story.secretary)
    page = body(client.get(detail(story)))
    assert "sends the agenda to the committee" not in page
    assert "No email is sent yet" in page
    response = client.post(reverse("meeting_publish", args=[story.meeting.pk]), follow=True)
    assert "no email has been sent, so tell them the papers are ready" in body(response)
