"""Hole 3 of the privileged-paths review: a secretary conflicted on an item still saw its
confidential title (item edit, remedy, paper upload, award form) and could clear her own
conflict by taking the lot off the item, which re-granted its papers to every conflicted
member. A conflicted secretary is conflicted: another secretary manages the item, and
changes to who an item conflicts after publication are shown to the chair and the Guardian."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from interests.services.declarations import Publication, interest_declare
from meetings.access import item_withheld_from
from meetings.services.agenda import attendee_add, item_save
from procurements.models import AgendaItemLot
from tests.conftest import login
from tests.forms import post_edit
from tests.interests.factories import MemberFactory
from tests.meetings.conftest import pdf

TITLE = "Award of the out-of-hours contract"


def _declare(member: Any, organisation: Any) -> None:
    interest_declare(
        member=member,
        actor=member.user,
        confirmed_complete=True,
        acknowledged_duty=True,
        publication=Publication(consent=True),
        fields={
            "category": "financial",
            "organisation": organisation,
            "organisation_name": "",
            "nature": "partner",
            "description": "Partner",
            "start_date": datetime.date(2020, 1, 1),
        },
    )


@pytest.fixture
def conflicted(story_published: Any) -> Any:
    """The story with its secretary in the room and a partner in a federation practice."""
    story = story_published
    attendee_add(
        actor=story.secretary.user,
        meeting=story.meeting,
        member=story.secretary,
        kind="in_attendance",
    )
    _declare(story.secretary, story.riverside)
    assert item_withheld_from(story.secretary.user, story.award_item)
    return story


def _urls(story: Any) -> dict[str, str]:
    meeting, item = story.meeting.pk, story.award_item.pk
    return {
        "edit": reverse("item_edit", args=[meeting, item]),
        "remedy": reverse("item_remedy", args=[meeting, item]),
        "paper": reverse("paper_upload", args=[meeting, item]),
    }


def test_a_conflicted_secretary_sees_no_confidential_title_on_the_item_pages(
    client: Client, conflicted: Any
) -> None:
    login(client, conflicted.secretary)
    for name, url in _urls(conflicted).items():
        response = client.get(url)
        assert response.status_code == 403, name
        assert TITLE not in response.content.decode(), name


def test_the_award_form_hides_the_title_from_a_conflicted_secretary(
    client: Client, conflicted: Any
) -> None:
    login(client, conflicted.secretary)
    lot = conflicted.lot
    response = client.get(reverse("award_record", args=[lot.procurement_id, lot.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE not in html
    assert f"item {conflicted.award_item.number} (confidential title)" in html


def test_a_conflicted_secretary_cannot_clear_her_conflict_by_removing_the_lot(
    client: Client, conflicted: Any
) -> None:
    story = conflicted
    login(client, story.secretary)
    response = client.post(
        _urls(story)["edit"],
        {"title": "Renamed", "purpose": "decision", "part": "II", "lot": ""},
    )
    assert response.status_code == 403
    assert AgendaItemLot.objects.filter(item=story.award_item, lot=story.lot).exists()
    assert not story.fed_gp.user.has_perm("meetings.view_paper", story.award_paper)
    # Nor through the service, nor by uploading a paper to the item.
    with pytest.raises(PermissionDenied):
        item_save(
            actor=story.secretary.user,
            meeting=story.meeting,
            title=TITLE,
            purpose="decision",
            part="II",
            lot_id=None,
            title_is_confidential=True,
            item=story.award_item,
        )
    response = client.post(_urls(story)["paper"], {"title": "Mine", "file": pdf()})
    assert response.status_code == 403


def test_another_secretary_manages_it_and_the_chair_and_guardian_see_the_change(
    client: Client, conflicted: Any
) -> None:
    story = conflicted
    colleague = MemberFactory(user__username="s.deputy", user__roles=[Role.SECRETARY])
    login(client, colleague)
    assert TITLE in client.get(_urls(story)["edit"]).content.decode()
    response = post_edit(
        client,
        _urls(story)["edit"],
        {
            "title": TITLE,
            "purpose": "decision",
            "part": "II",
            "lot": "",
            "title_is_confidential": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="agenda.item_scope_changed")
    assert event.actor == colleague.user
    assert event.detail["lot_from"] == story.lot.pk and event.detail["lot_to"] is None
    for reader in (story.chair, story.lay):  # the chair, and the Guardian
        login(client, reader)
        html = client.get(reverse("meeting_detail", args=[story.meeting.pk])).content.decode()
        assert "Changes to who is conflicted, after the agenda was published" in html, reader
        assert "Procurement lot changed from NCCG-2026-01: Lot 2 Out-of-hours to no lot" in html
    # A member who is neither chair nor Guardian does not see it.
    login(client, story.nurse)
    html = client.get(reverse("meeting_detail", args=[story.meeting.pk])).content.decode()
    assert "Changes to who is conflicted" not in html


def test_changes_before_publication_are_not_flagged(client: Client, story: Any) -> None:
    item_save(
        actor=story.secretary.user,
        meeting=story.meeting,
        title=TITLE,
        purpose="decision",
        part="II",
        lot_id=None,
        title_is_confidential=True,
        item=story.award_item,
    )
    assert not AuditEvent.objects.filter(action="agenda.item_scope_changed").exists()
